package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
        "203.0.113.7, 203.0.113.7",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "010.001.000.007, 10.1.0.7",
    })
    void toKey_ipv4_isDottedQuadWithoutLeadingZeros(String literal, String key) {
        assertThat(parse(literal).toKey()).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2001:DB8:0:0:1::1",
        "2001:db8::1:0:0:1",
        "2001:0db8:0000:0000:0001:0000:0000:0001",
        "2001:db8:0:0:ffff:ffff:ffff:ffff",
        "2001:db8::",
        "2001:db8::1%eth0",
        "2001:db8::0.0.0.1",
    })
    void toKey_formsOfOneSlash64_giveOneKey(String literal) {
        assertThat(parse(literal).toKey()).isEqualTo("2001:db8::/64");
    }

    @Test
    void toKey_ipv6WithNonZeroPrefix_writesThePrefixCompressed() {
        assertThat(parse("2001:0DB8:0001:0002:abcd::9").toKey()).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void toKey_neighbouringSlash64s_differ() {
        assertThat(parse("2001:db8:0:1::1").toKey()).isNotEqualTo(parse("2001:db8:0:2::1").toKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:203.0.113.7", "::FFFF:cb00:7107", "0:0:0:0:0:ffff:203.0.113.7"})
    void parse_ipv4MappedIpv6_isTheIpv4Address(String literal) {
        IpAddress address = parse(literal);

        assertThat(address.isIpv4()).isTrue();
        assertThat(address).isEqualTo(parse("203.0.113.7"));
        assertThat(address.toKey()).isEqualTo("203.0.113.7");
    }

    @ParameterizedTest
    @CsvSource({
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::",
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "::0.0.0.1, ::1",
        "FE80::A%25, fe80::a",
    })
    void toString_ipv6_isRfc5952Canonical(String literal, String canonical) {
        assertThat(parse(literal)).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "localhost", "example.com", "203.0.113", "203.0.113.7.1", "203.0.113.256", "203.0.113.-1",
        "203..113.7", "203.0.113.7 ", " 203.0.113.7", "1234.0.0.1", "203.0.113.7%eth0", "٢.0.0.1",
        "1::2::3", ":::", ":1::2", "1::2:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1",
        "1:2:3:4:5:6:7::8", "1:2:3:4:5:6:1.2.3.4:8", "::1.2.3", "::ffff:1.2.3.256", "1.2.3.4::",
        "::1%", "::1%eth 0", "::1%a%b", "[::1]", "::١", "10.0.0", "10.0.0.0.0", "256.0.0.0", "10.0.0.-1",
        "1.2.3.4a", "１.2.3.4", "::1::", ":1::", "g::",
    })
    void parse_notALiteral_isEmpty(String text) {
        assertThat(IpAddress.parse(text)).isEmpty();
    }

    @Test
    void parse_veryLongText_isEmptyWithoutReadingIt() {
        assertThat(IpAddress.parse("1".repeat(1_000_000))).isEmpty();
    }

    @Test
    void parse_sevenGroupsAndDoubleColon_fillsOneZeroGroup() {
        assertThat(parse("1:2:3::5:6:7:8")).hasToString("1:2:3:0:5:6:7:8");
    }

    private static IpAddress parse(String literal) {
        return IpAddress.parse(literal).orElseThrow();
    }
}
