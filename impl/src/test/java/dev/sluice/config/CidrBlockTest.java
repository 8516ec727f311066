package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;

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
        "::ffff:10.0.0.0/104, ::ffff:a00:0/104",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304/128",
        "' 10.0.0.0/8 ', 10.0.0.0/8",
    })
    void parse_validBlocks_giveCanonicalForm(String text, String canonical) {
        assertThat(CidrBlock.parse(text)).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "10.0.0.0.0", "256.0.0.0", "10.0.0.-1", "010.0.0.0", "1.2.3.4a",
        "example.com", "localhost", "::1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1::", "1::2::3",
        "12345::", "g::", "fe80::1%eth0", "::1.2.3", "1.2.3.4::", "[::1]", "１.2.3.4"})
    void parse_notAnAddress_isRefusedWithoutDns(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse(text))
                .withMessageContaining("is not an IPv4 or IPv6 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/x", "::/129", "::/1000",
        "10.0.0.0/8/8", "10.0.0.0/ 8", "10.0.0.0/"})
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
    }

    @Test
    void contains_addressesInsideAndOutside_areToldApart() throws Exception {
        CidrBlock block = CidrBlock.parse("192.168.1.128/25");

        assertThat(block.contains(InetAddress.getByName("192.168.1.128"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("192.168.1.255"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("192.168.1.127"))).isFalse();
        assertThat(block.contains(InetAddress.getByName("::1"))).isFalse();
    }

    @Test
    void contains_ipv4MappedIpv6Address_countsAsIpv4() throws Exception {
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff,
            (byte) 0xff, 10, 1, 2, 3});

        assertThat(CidrBlock.parse("10.0.0.0/8").contains(mapped)).isTrue();
        assertThat(CidrBlock.parse("::ffff:10.0.0.0/104").contains(InetAddress.getByName("10.1.2.3"))).isTrue();
    }

    @Test
    void contains_zeroPrefix_matchesEveryAddressOfItsFamily() throws Exception {
        assertThat(CidrBlock.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9"))).isTrue();
        assertThat(CidrBlock.parse("::/0").contains(InetAddress.getByName("2001:db8::9"))).isTrue();
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
