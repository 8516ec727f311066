package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sluice.Algorithm;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.RateLimiter;
import dev.sluice.RateLimiterRegistry;
import dev.sluice.memory.MemoryRateLimiter;

final class DefaultRateLimiterRegistryTest {

    private static final LimitSpec SEARCH = LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(2, Duration.ofMinutes(1)));

    @Test
    void get_registeredName_returnsLimiterEnforcingItsSpec() {
        RateLimiterRegistry registry = DefaultRateLimiterRegistry.builder().register("search", SEARCH).build();

        RateLimiter search = registry.get("search");

        assertThat(search.name()).isEqualTo("search");
        assertThat(search.spec()).isEqualTo(SEARCH);
        assertThat(search.allow("k")).isTrue();
        assertThat(search.allow("k")).isTrue();
        assertThat(search.allow("k")).isFalse();
    }

    @Test
    void get_unknownName_failsListingTheNames() {
        RateLimiterRegistry registry = DefaultRateLimiterRegistry.builder().register("search", SEARCH).build();

        assertThatIllegalArgumentException().isThrownBy(() -> registry.get("upload"))
                .withMessageContaining("upload").withMessageContaining("[search]");
        assertThat(registry.find("upload")).isEmpty();
    }

    @Test
    void register_takenName_failsAndKeepsTheFirst() {
        RateLimiterRegistry registry = DefaultRateLimiterRegistry.builder().build();
        RateLimiter first = registry.register("search", SEARCH);

        assertThatIllegalStateException().isThrownBy(() -> registry.register("search", SEARCH))
                .withMessageContaining("search");
        assertThat(registry.get("search")).isSameAs(first);
        assertThat(registry.names()).containsExactly("search");
    }

    @Test
    void register_defaultStoreMakingAnotherName_failsAndRegistersNothing() {
        RateLimiterRegistry registry = DefaultRateLimiterRegistry.builder()
                .defaultStore((name, spec) -> MemoryRateLimiter.builder("fixed", spec).build()).build();

        assertThatIllegalStateException().isThrownBy(() -> registry.register("wanted", SEARCH))
                .withMessageContaining("fixed").withMessageContaining("wanted");
        assertThat(registry.names()).isEmpty();
    }

    @Test
    void register_blankName_fails() {
        RateLimiterRegistry registry = DefaultRateLimiterRegistry.builder().build();

        assertThatIllegalArgumentException().isThrownBy(() -> registry.register(" ", SEARCH))
                .withMessageContaining("blank");
    }

    @Test
    void close_closesEachResourceInOrderEvenAfterOneFails() {
        List<String> closed = new ArrayList<>();
        DefaultRateLimiterRegistry registry = DefaultRateLimiterRegistry.builder()
                .closing(() -> closed.add("first"))
                .closing(() -> {
                    throw new IOException("cannot close");
                })
                .closing(() -> closed.add("third"))
                .build();

        registry.close();

        assertThat(closed).containsExactly("first", "third");
    }
}
