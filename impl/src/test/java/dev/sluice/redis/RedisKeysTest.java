package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.sluice.Algorithm;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;

final class RedisKeysTest {

    private static final LimitSpec TOKEN_BUCKET = LimitSpec.of(Algorithm.TOKEN_BUCKET,
            Rate.of(100, Duration.ofMinutes(1)));

    private final RedisKeys search = new RedisKeys("sluice:", "search", TOKEN_BUCKET);

    @Test
    void of_storeKey_isTaggedWithTheResolvedKey() {
        assertThat(search.of("search:ip=203.0.113.7")).isEqualTo("sluice:{:ip=203.0.113.7}:search:token-bucket:60000");
    }

    @Test
    void of_sameResolvedKeyOfTwoLimiters_sharesTheHashTag() {
        RedisKeys global = new RedisKeys("sluice:", "global", LimitSpec.of(Algorithm.FIXED_WINDOW,
                Rate.of(1_000, Duration.ofSeconds(1))));

        assertThat(global.of("global:ip=203.0.113.7")).isEqualTo("sluice:{:ip=203.0.113.7}:global:fixed-window:1000");
    }

    @Test
    void of_digestAndMissingKey_keepTheirSeparators() {
        assertThat(search.of("search#vOsiECoPFBMk")).isEqualTo("sluice:{#vOsiECoPFBMk}:search:token-bucket:60000");
        assertThat(search.of("search!")).isEqualTo("sluice:{!}:search:token-bucket:60000");
        assertThat(search.of("search:")).isEqualTo("sluice:{:}:search:token-bucket:60000");
    }

    @Test
    void of_keyNotMadeForThisLimiter_isTaggedWhole() {
        assertThat(search.of("alice")).isEqualTo("sluice:{=alice}:search:token-bucket:60000");
        assertThat(search.of("global:alice")).isEqualTo("sluice:{=global:alice}:search:token-bucket:60000");
        assertThat(search.of("searches:alice")).isEqualTo("sluice:{=searches:alice}:search:token-bucket:60000");
        assertThat(search.of("search")).isEqualTo("sluice:{=search}:search:token-bucket:60000");
    }

    @Test
    void of_rawKeyLookingLikeATag_differsFromTheStoreKey() {
        assertThat(search.of(":alice")).isNotEqualTo(search.of("search:alice"));
        assertThat(search.of("=alice")).isNotEqualTo(search.of("alice"));
    }
}
