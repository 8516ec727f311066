package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sluice.Algorithm;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;

final class LimiterSettingsTest {

    private static final LimitSpec LEAKY = new LimitSpec(Algorithm.LEAKY_BUCKET, Rate.of(7, Duration.ofSeconds(1)),
            3);

    @Test
    void of_nameAndSpec_usesEveryDefault() {
        LimiterSettings settings = LimiterSettings.of("pace", LEAKY);

        assertThat(settings.store()).isEqualTo(Store.MEMORY);
        assertThat(settings.key()).isEqualTo("ip");
        assertThat(settings.onStoreFailure()).isEqualTo(StoreFailurePolicy.ALLOW);
        assertThat(settings.onMissingKey()).isEqualTo(MissingKeyPolicy.ANONYMOUS);
        assertThat(settings.maxDelay()).isEqualTo(Duration.ofNanos(428_571_429));
    }

    @Test
    void defaultMaxDelay_wholeNanoseconds_isNotRoundedUp() {
        LimitSpec spec = new LimitSpec(Algorithm.LEAKY_BUCKET, Rate.of(4, Duration.ofSeconds(1)), 2);

        assertThat(LimiterSettings.defaultMaxDelay(spec)).isEqualTo(Duration.ofMillis(500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "search", "Search-API_2", "0"})
    void isValidName_lettersDigitsDashUnderscore_isTrue(String name) {
        assertThat(LimiterSettings.isValidName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a.b", "a b", "é", "a\"b", "a;b", "a,b"})
    void isValidName_otherCharacters_isFalse(String name) {
        assertThat(LimiterSettings.isValidName(name)).isFalse();
    }

    @Test
    void constructor_maxDelayOnTokenBucket_isRefused() {
        LimitSpec spec = LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(1, Duration.ofSeconds(1)));

        assertThatIllegalArgumentException().isThrownBy(() -> new LimiterSettings("a", spec, Store.MEMORY, "ip",
                StoreFailurePolicy.ALLOW, MissingKeyPolicy.ANONYMOUS, Duration.ofSeconds(1)))
                .withMessageContaining("leaky-bucket only");
    }

    @Test
    void constructor_badNameOrBlankKey_isRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> LimiterSettings.of("a b", LEAKY))
                .withMessageContaining("'a b'");
        assertThatIllegalArgumentException().isThrownBy(() -> new LimiterSettings("a", LEAKY, Store.MEMORY, " ",
                StoreFailurePolicy.ALLOW, MissingKeyPolicy.ANONYMOUS, Duration.ZERO))
                .withMessageContaining("blank");
    }
}
