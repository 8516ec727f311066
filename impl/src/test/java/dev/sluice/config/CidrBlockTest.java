package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class CidrBlockTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0/8",
        "0.0.0.0/0, 0.0.0.0/0",
        "203.0.113.7, 203.0.113.7/32",
        "192.168.1.128/25, 192.168.1.128/25",
        "2001:db8::/32, 2001:db8::/32",
        "2001:DB8:0:0:0:0:0:0/32, 2001:db8::/32",
        "::1, ::1/128",
        "::, ::/128",
        "::/0, ::/0",
        "fe80::/10, fe80::/10",
        "1::, 1::/128",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8/128",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3/128",
        "::ffff:10.0.0.0/104, 10.0.0.0/8",
        "::ffff:0:0/96, 0.0.0.0/0",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304/128",
        "' 10.0.0.0/8 ', 10.0.0.0/8",
    })
    void parse_validBlocks_giveCanonicalForm(String text, String canonical) {
        assertThat(CidrBlock.parse(text)).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "proxy.example.com", "010.0.0.0", "::ffff:010.0.0.1", "fe80::1%eth0",
        "fe80::1%eth0/64"})
    void parse_notAnAddressInConfiguration_isRefusedWithoutDns(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse(text))
                .withMessageContaining("is not an IPv4 or IPv6 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/x", "::/129", "::/1000",
        "10.0.0.0/8/8", "10.0.0.0/ 8", "10.0.0.0/", "2001:db8::/129"})
    void parse_badPrefixLength_isRefused(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse(text))
                .withMessageContaining("prefix length");
    }

    @Test
    void parse_hostBitsSet_isRefusedNamingTheBlockMeant() {
        assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse("192.168.1.77/24"))
                .withMessage("'192.168.1.77/24' has address bits set after the /24 prefix; the block is"
                        + " 192.168.1.0/24");
        assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse("2001:db8::1/32"))
                .withMessageEndingWith("the block is 2001:db8::/32");
        assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse("10.1.2.3/8"))
                .withMessageEndingWith("the block is 10.0.0.0/8");
        assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse("::ffff:10.0.0.0/80"))
                .withMessageEndingWith("the block is ::/80");
    }

    @ParameterizedTest(name = "{0} holds {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0, true",
        "10.0.0.0/8, 10.255.255.255, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "10.0.0.0/8, 9.255.255.255, false",
        "192.0.2.10, 192.0.2.10, true",
        "192.0.2.10, 192.0.2.11, false",
        "192.0.2.10/32, 192.0.2.10, true",
        "192.168.1.128/25, 192.168.1.128, true",
        "192.168.1.128/25, 192.168.1.255, true",
        "192.168.1.128/25, 192.168.1.127, false",
        "192.168.1.128/25, ::1, false",
        "0.0.0.0/0, 203.0.113.7, true",
        "0.0.0.0/0, 203.0.113.9, true",
        "0.0.0.0/0, 2001:db8::1, false",
        "172.16.0.0/12, 172.31.255.255, true",
        "172.16.0.0/12, 172.32.0.0, false",
        "10.0.0.0/8, ::ffff:10.1.2.3, true",
        "::ffff:10.0.0.0/104, 10.1.2.3, true",
        "::ffff:10.0.0.0/104, 10.9.9.9, true",
        "::ffff:10.0.0.0/104, 11.0.0.0, false",
        "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
        "2001:db8::/32, 2001:db9::, false",
        "2001:db8:1:2::/64, 2001:db8:1:2:ffff::1, true",
        "2001:db8:1:2::/64, 2001:db8:1:3::1, false",
        "2001:db8::/127, 2001:db8::1, true",
        "2001:db8::/127, 2001:db8::2, false",
        "2001:db8::1/128, 2001:db8::1, true",
        "2001:db8::1, 2001:db8::2, false",
        "::/0, 2001:db8::1, true",
        "::/0, 2001:db8::9, true",
        "::/0, 203.0.113.7, false",
        "2001:db8::/65, 2001:db8::7fff:ffff:ffff:ffff, true",
        "2001:db8::/65, 2001:db8::8000:0:0:0, false",
    })
    void contains_addressAgainstBlock_matchesByPrefixWithinItsFamily(String block, String address, boolean expected) {
        assertThat(CidrBlock.parse(block).contains(IpAddress.parse(address).orElseThrow())).isEqualTo(expected);
    }

    @Test
    void equals_sameBlockWrittenDifferently_isEqual() {
        assertThat(CidrBlock.parse("2001:DB8::/32")).isEqualTo(CidrBlock.parse("2001:db8:0::/32"))
                .hasSameHashCodeAs(CidrBlock.parse("2001:db8:0::/32"));
        assertThat(CidrBlock.parse("10.0.0.0/8")).isNotEqualTo(CidrBlock.parse("10.0.0.0/16"));
        assertThat(CidrBlock.parse("::1").isIpv6()).isTrue();
        assertThat(CidrBlock.parse("10.0.0.0/8").prefixLength()).isEqualTo(8);
    }
}
