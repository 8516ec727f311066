package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class HostAndPortTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "redis-1:6379, redis-1, 6379",
        "redis_1:6379, redis_1, 6379",
        "redis.example.com:26379, redis.example.com, 26379",
        "10.0.0.5:1, 10.0.0.5, 1",
        "[2001:db8::1]:65535, 2001:db8::1, 65535",
        "' node:7000 ', node, 7000",
    })
    void parse_validNodes_giveHostAndPort(String text, String host, int port) {
        assertThat(HostAndPort.parse(text)).isEqualTo(new HostAndPort(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", ":6379", "redis:", "redis:0", "redis:65536", "redis:-1", "redis:+1",
        "redis:6379x", "::1:6379", "[::1:6379", "[::g]:6379", "10.0.0.300:6379", "red is:6379", "-redis:6379",
        "redis..local:6379", "redis:１"})
    void parse_malformed_isRefused(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> HostAndPort.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis:6379", "[::1]:6379"})
    void toString_parsed_isAsWritten(String text) {
        assertThat(HostAndPort.parse(text)).hasToString(text);
    }
}
