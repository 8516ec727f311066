package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class NumberParsingTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "1, 1",
        "007, 7",
        "' 42 ', 42",
        "9223372036854775807, 9223372036854775807",
    })
    void maxKeys_plainDecimal_isRead(String text, long expected) {
        assertThat(Sources.read("sluice.memory.max-keys", text).memory().maxKeys()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+5", "1.5", "1.0", "1e3", "1_000", "1,000", "0x10", "ten", "5 0", "--5", "١٠", "５"})
    void maxKeys_notPlainDecimal_isNotAnInteger(String text) {
        List<Problem> problems = Sources.problems("sluice.memory.max-keys", text);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ConfigProblem.NOT_AN_INTEGER);
            assertThat(problem.value()).isEqualTo(text);
            assertThat(problem.detail()).isEqualTo("'" + text + "' is not a whole number in decimal digits");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "99999999999999999999999", "-9223372036854775809"})
    void maxKeys_beyondSixtyFourBits_isOutOfRangeNotOverflowed(String text) {
        List<Problem> problems = Sources.problems("sluice.memory.max-keys", text);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ConfigProblem.NUMBER_OUT_OF_RANGE);
            assertThat(problem.detail()).isEqualTo("'" + text + "' does not fit in 64 bits");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-9223372036854775808", "0"})
    void maxKeys_negativeOrZero_isOutOfRange(String text) {
        List<Problem> problems = Sources.problems("sluice.memory.max-keys", text);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ConfigProblem.NUMBER_OUT_OF_RANGE);
            assertThat(problem.detail()).isEqualTo("must be at least 1");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "0", "1000000001", "9223372036854775807"})
    void limit_outsideRatesRange_isOutOfRange(String text) {
        List<Problem> problems = Sources.problems("sluice.limiters.a.limit", text, "sluice.limiters.a.period", "1s");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ConfigProblem.NUMBER_OUT_OF_RANGE);
            assertThat(problem.detail()).isEqualTo("limit must be between 1 and 1000000000 permits, but was " + text);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1000000000"})
    void limit_atTheEdgesOfRatesRange_isRead(String text) {
        SluiceSettings settings = Sources.read("sluice.limiters.a.limit", text, "sluice.limiters.a.period", "1s");

        assertThat(settings.limiter("a").orElseThrow().spec().rate().limit()).isEqualTo(Long.parseLong(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1000000001", "-3"})
    void capacity_outsideRange_isOutOfRange(String text) {
        List<Problem> problems = Sources.problems("sluice.limiters.a.limit", "10", "sluice.limiters.a.period", "1s",
                "sluice.limiters.a.capacity", text);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ConfigProblem.NUMBER_OUT_OF_RANGE);
            assertThat(problem.key()).isEqualTo("sluice.limiters.a.capacity");
        });
    }
}
