package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class DurationTextTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "100ms, PT0.1S",
        "30s, PT30S",
        "5m, PT5M",
        "1h, PT1H",
        "1d, PT24H",
        "0s, PT0S",
        "007s, PT7S",
        "1.5s, PT1.5S",
        "0.25ms, PT0.00025S",
        "1.5m, PT1M30S",
        "0.000000001s, PT0.000000001S",
        "-2s, PT-2S",
        "+2s, PT2S",
        "PT1M, PT1M",
        "pt1m, PT1M",
        "P1D, PT24H",
        "PT0.001S, PT0.001S",
        "-PT1S, PT-1S",
        "P366D, PT8784H",
        "106751991167300d, PT2562047788015200H",
    })
    void parse_acceptedForms_giveExactDurations(String text, String expected) {
        assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5 m", "1 s", "1s 1ms"})
    void parse_blankInside_saysSo(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> DurationText.parse(text))
                .withMessage("'" + text + "' has a blank inside");
    }

    @ParameterizedTest
    @ValueSource(strings = {"60", "1.5"})
    void parse_noUnit_saysSo(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> DurationText.parse(text))
                .withMessage("'" + text + "' has no unit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5M", "1min", "10us", "1ns", "2w", "1S"})
    void parse_unknownUnit_namesIt(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> DurationText.parse(text))
                .withMessageContaining("has an unknown unit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s", ".5s", "5.s", "1e3ms", "1,5s", "1_000ms", "ten s", "--1s", "PT", "P1X", "PT1.5M",
        "１s", "PT0.0000000001S"})
    void parse_malformed_isRefused(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> DurationText.parse(text))
                .isNotInstanceOf(DurationText.TooLongException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0000000001s", "0.0000001ms", "1.0000000001s"})
    void parse_finerThanANanosecond_isRefusedRatherThanRounded(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> DurationText.parse(text))
                .withMessage("'" + text + "' is not a whole number of nanoseconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"106751991167301d", "99999999999999999999999s", "PT9999999999999999999H",
        "P999999999999999D"})
    void parse_beyondDuration_isTooLong(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(DurationText.TooLongException.class)
                .withMessageContaining("too long");
    }
}
