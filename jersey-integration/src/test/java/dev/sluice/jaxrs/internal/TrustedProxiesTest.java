package dev.sluice.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class TrustedProxiesTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0, true",
        "10.0.0.0/8, 10.255.255.255, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "10.0.0.0/8, 9.255.255.255, false",
        "192.0.2.10, 192.0.2.10, true",
        "192.0.2.10, 192.0.2.11, false",
        "192.0.2.10/32, 192.0.2.10, true",
        "0.0.0.0/0, 203.0.113.7, true",
        "0.0.0.0/0, 2001:db8::1, false",
        "10.1.2.3/8, 10.200.0.1, true",
        "172.16.0.0/12, 172.31.255.255, true",
        "172.16.0.0/12, 172.32.0.0, false",
        "10.0.0.0/8, ::ffff:10.1.2.3, true",
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
        "::/0, 203.0.113.7, false",
        "2001:db8::/65, 2001:db8::7fff:ffff:ffff:ffff, true",
        "2001:db8::/65, 2001:db8::8000:0:0:0, false",
    })
    void contains_addressAgainstBlock_matchesByPrefix(String block, String address, boolean expected) {
        TrustedProxies trusted = TrustedProxies.of(List.of(block));

        assertThat(trusted.contains(IpAddress.parse(address).orElseThrow())).isEqualTo(expected);
    }

    @Test
    void contains_severalBlocks_matchesAny() {
        TrustedProxies trusted = TrustedProxies.of(List.of("10.0.0.0/8", " 2001:db8::/32 "));

        assertThat(trusted.contains(IpAddress.parse("2001:db8::5").orElseThrow())).isTrue();
        assertThat(trusted.contains(IpAddress.parse("10.0.0.5").orElseThrow())).isTrue();
        assertThat(trusted.contains(IpAddress.parse("192.0.2.1").orElseThrow())).isFalse();
    }

    @Test
    void none_containsNothing() {
        assertThat(TrustedProxies.none().isEmpty()).isTrue();
        assertThat(TrustedProxies.none().contains(IpAddress.parse("127.0.0.1").orElseThrow())).isFalse();
    }

    @Test
    void of_badEntries_throwNamingEveryOneAndTheAllowedForms() {
        List<String> entries = List.of("10.0.0.0/8", "proxy.example.com", "10.0.0.0/33", "2001:db8::/129",
                "fe80::1%eth0/64", "10.0.0.0/", "::ffff:10.0.0.0/80", "10.0.0.0/-1", "");

        assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(entries))
                .withMessageContaining("'proxy.example.com'")
                .withMessageContaining("'10.0.0.0/33'")
                .withMessageContaining("'2001:db8::/129'")
                .withMessageContaining("'fe80::1%eth0/64'")
                .withMessageContaining("'10.0.0.0/'")
                .withMessageContaining("'::ffff:10.0.0.0/80'")
                .withMessageContaining("'10.0.0.0/-1'")
                .withMessageContaining("''")
                .withMessageNotContaining("'10.0.0.0/8'")
                .withMessageContaining("10.0.0.0/8, 2001:db8::/32 or 192.0.2.10");
    }
}
