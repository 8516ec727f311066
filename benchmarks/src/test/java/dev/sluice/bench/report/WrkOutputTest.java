package dev.sluice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WrkOutputTest {

    private static final String OUTPUT = """
            Running 5s test @ http://127.0.0.1:41234/api/bench/open
              1 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.21ms  843.12us  22.13ms   91.20%
                Req/Sec    13.52k     1.10k   15.02k    78.00%
              Latency Distribution
                 50%    1.02ms
                 75%  850.50us
                 90%    1.85ms
                 99%    1.20s
              67290 requests in 5.00s, 10.52MB read
              Socket errors: connect 0, read 2, write 0, timeout 1
              Non-2xx or 3xx responses: 4
            Requests/sec:  13456.78
            Transfer/sec:      2.10MB
            """;

    @Test
    void parse_readsRatePercentilesInMicrosecondsAndFailures() {
        WrkOutput output = WrkOutput.parse(OUTPUT);

        assertThat(output.requestsPerSecond()).isEqualTo(13456.78);
        assertThat(output.percentilesMicros()).containsOnlyKeys("50", "75", "90", "99");
        assertThat(output.percentilesMicros().get("50")).isCloseTo(1020, within(1e-6));
        assertThat(output.percentilesMicros().get("75")).isCloseTo(850.5, within(1e-6));
        assertThat(output.percentilesMicros().get("99")).isCloseTo(1_200_000, within(1e-6));
        assertThat(output.requests()).isEqualTo(67290);
        assertThat(output.failures()).isEqualTo(7);
        assertThat(output.serverCpuSeconds()).isNaN();
        assertThat(output.serverCpuMicrosPerRequest()).isNaN();
    }

    @Test
    void parse_readsTheServerCpuTimeAppendedByTheBenchScript() {
        WrkOutput output = WrkOutput.parse(OUTPUT + "Server CPU seconds: 6.73\nServer JIT CPU seconds: 0.04\n");

        assertThat(output.serverCpuSeconds()).isEqualTo(6.73);
        assertThat(output.serverJitCpuSeconds()).isEqualTo(0.04);
        assertThat(output.serverCpuMicrosPerRequest()).isCloseTo(6.73e6 / 67290, within(1e-9));
    }

    @Test
    void parse_withoutLatencyDistribution_fails() {
        String plain = OUTPUT.replaceAll("(?m)^\\s+\\d+%.*\\n", "");

        assertThatThrownBy(() -> WrkOutput.parse(plain)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--latency");
    }

    @Test
    void parse_withoutRate_fails() {
        assertThatThrownBy(() -> WrkOutput.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Requests/sec");
    }
}
