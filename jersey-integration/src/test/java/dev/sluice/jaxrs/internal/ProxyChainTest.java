package dev.sluice.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sluice.config.CidrBlock;
import dev.sluice.config.IpAddress;

import org.jspecify.annotations.Nullable;

final class ProxyChainTest {

    private static final List<CidrBlock> TRUSTED =
            List.of(CidrBlock.parse("10.0.0.0/8"), CidrBlock.parse("2001:db8:ffff::/48"));
    private static final String PROXY = "10.0.0.1";
    private static final String CLIENT = "203.0.113.7";

    @Test
    void client_untrustedPeerWithForwardingHeaders_isThePeer() {
        String client = client("198.51.100.9", "for=192.0.2.1", "192.0.2.2, 10.0.0.2");

        assertThat(client).isEqualTo("198.51.100.9");
    }

    @Test
    void client_noTrustedProxies_isThePeer() {
        IpAddress peer = address(PROXY);

        IpAddress client = ProxyChain.client(peer, "for=192.0.2.1", "192.0.2.2", List.of());

        assertThat(client).isEqualTo(peer);
    }

    @Test
    void client_trustedPeerWithoutHeaders_isThePeer() {
        assertThat(client(PROXY, null, null)).isEqualTo(PROXY);
    }

    @Test
    void client_trustedPeerWithForwardedFor_isTheForwardedAddress() {
        assertThat(client(PROXY, null, CLIENT)).isEqualTo(CLIENT);
    }

    @Test
    void client_trustedChain_skipsTrustedHopsFromTheRight() {
        String client = client(PROXY, null, "192.0.2.66, " + CLIENT + ", 10.1.1.1, 10.2.2.2");

        assertThat(client).isEqualTo(CLIENT);
    }

    @Test
    void client_spoofedEntriesLeftOfTheClient_areIgnored() {
        String client = client(PROXY, null, "10.9.9.9, 1.2.3.4, " + CLIENT + ", 10.1.1.1");

        assertThat(client).isEqualTo(CLIENT);
    }

    @Test
    void client_everyHopTrusted_isTheLeftmost() {
        assertThat(client(PROXY, null, "10.3.3.3, 10.2.2.2, 10.1.1.1")).isEqualTo("10.3.3.3");
    }

    @Test
    void client_severalHeaderLinesJoined_areOneList() {
        String joined = String.join(",", "192.0.2.66, " + CLIENT, "10.2.2.2", "10.1.1.1");

        assertThat(client(PROXY, null, joined)).isEqualTo(CLIENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "unknown", "203.0.113.999", "_hidden", "host.example.com", "\"1.2.3.4\""})
    void client_malformedHop_endsTheWalkAtTheLastGoodHop(String bad) {
        String client = client(PROXY, null, CLIENT + ", " + bad + ", 10.1.1.1");

        assertThat(client).isEqualTo("10.1.1.1");
    }

    @Test
    void client_malformedRightmostHop_isThePeer() {
        assertThat(client(PROXY, null, CLIENT + ", not-an-address")).isEqualTo(PROXY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "203.0.113.7:47011; 203.0.113.7",
        "[2001:db8:cafe::17]:4711; 2001:db8:cafe::/64",
        "[2001:db8:cafe::17]; 2001:db8:cafe::/64",
        "2001:db8:cafe::17; 2001:db8:cafe::/64",
        "::ffff:203.0.113.7; 203.0.113.7",
    })
    void client_forwardedForWithPortsAndIpv6_readsTheAddress(String hop, String key) {
        assertThat(key(PROXY, null, hop)).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "for=203.0.113.7 | 203.0.113.7",
        "For=203.0.113.7;proto=https;by=10.0.0.1 | 203.0.113.7",
        "for=\"203.0.113.7:47011\" | 203.0.113.7",
        "for=\"[2001:db8:cafe::17]:4711\" | 2001:db8:cafe::/64",
        "for=\"[2001:db8:cafe::17]\" | 2001:db8:cafe::/64",
        "for=\"[2001:db8:cafe::17]:_port\" | 2001:db8:cafe::/64",
        "for=\"[::ffff:203.0.113.7]\" | 203.0.113.7",
        "proto=http; for=\"203.0.\\113.7\" | 203.0.113.7",
    })
    void client_forwarded_readsTheForParameter(String element, String key) {
        assertThat(key(PROXY, element, null)).isEqualTo(key);
    }

    @Test
    void client_forwardedChainWithIpv6Proxies_skipsTrustedHops() {
        String header = "for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\", "
                + "for=\"[2001:db8:ffff::1]\";by=\"[2001:db8:ffff::2]\"";

        assertThat(key("2001:db8:ffff::3", header, null)).isEqualTo("2001:db8:cafe::/64");
    }

    @Test
    void client_forwardedCommaInsideQuotes_staysInItsElement() {
        String header = "for=" + CLIENT + ";ext=\"a, for=192.0.2.1\", for=10.1.1.1";

        assertThat(client(PROXY, header, null)).isEqualTo(CLIENT);
    }

    @Test
    void client_forwardedAndForwardedFor_prefersForwarded() {
        assertThat(client(PROXY, "for=" + CLIENT, "192.0.2.1")).isEqualTo(CLIENT);
    }

    @Test
    void client_blankForwarded_readsForwardedFor() {
        assertThat(client(PROXY, "  ", CLIENT)).isEqualTo(CLIENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "for=unknown",
        "for=_gazonk",
        "for=\"_mdn\"",
        "for=[2001:db8::1]",
        "for=\"2001:db8::1\"",
        "for=203.0.113.7:80",
        "for=\"[203.0.113.7]\"",
        "for=\"203.0.113.7:port\"",
        "for=\"203.0.113.7:123456\"",
        "proto=https",
        "for=203.0.113.7;for=192.0.2.1",
        "for=",
        "for=203.0.113.7 proto=https",
        "=203.0.113.7",
        "for=\"[2001:db8::1\"",
        "for=host.example.com",
    })
    void client_forwardedHopWithoutAnAddress_endsTheWalkAtTheLastGoodHop(String bad) {
        String client = client(PROXY, "for=" + CLIENT + ", " + bad + ", for=10.1.1.1", null);

        assertThat(client).isEqualTo("10.1.1.1");
    }

    @Test
    void client_veryLongHeader_isReadOnceAndEndsAtTheLastGoodHop() {
        String header = "x".repeat(1_000_000) + ", " + CLIENT;

        assertThat(client(PROXY, null, header)).isEqualTo(CLIENT);
    }

    @Test
    void client_manyTrustedHops_considersOnlyTheLast64() {
        StringBuilder header = new StringBuilder(CLIENT);
        for (int i = 0; i < 10_000; i++) {
            header.append(", 10.0.").append(i / 256).append('.').append(i % 256);
        }

        String client = client(PROXY, null, header.toString());

        int leftmost = 10_000 - ProxyChain.MAX_HOPS;
        assertThat(client).isEqualTo("10.0." + leftmost / 256 + "." + leftmost % 256);
    }

    @Test
    void client_emptyListElements_areSkipped() {
        assertThat(client(PROXY, null, " , " + CLIENT + ",, ,10.1.1.1,")).isEqualTo(CLIENT);
    }

    @Test
    void client_unterminatedQuoteInForwarded_isMalformed() {
        assertThat(client(PROXY, "for=" + CLIENT + ", for=\"10.1.1.1, for=10.2.2.2", null)).isEqualTo(PROXY);
    }

    @Test
    void isTrusted_severalBlocks_matchesAny() {
        assertThat(ProxyChain.isTrusted(address("2001:db8:ffff::5"), TRUSTED)).isTrue();
        assertThat(ProxyChain.isTrusted(address("10.0.0.5"), TRUSTED)).isTrue();
        assertThat(ProxyChain.isTrusted(address("192.0.2.1"), TRUSTED)).isFalse();
    }

    @Test
    void isTrusted_noBlocks_trustsNothing() {
        assertThat(ProxyChain.isTrusted(address("127.0.0.1"), List.of())).isFalse();
    }

    private static String client(String peer, @Nullable String forwarded, @Nullable String forwardedFor) {
        return ProxyChain.client(address(peer), forwarded, forwardedFor, TRUSTED).toString();
    }

    private static String key(String peer, @Nullable String forwarded, @Nullable String forwardedFor) {
        return ProxyChain.client(address(peer), forwarded, forwardedFor, TRUSTED).toKey();
    }

    private static IpAddress address(String literal) {
        return IpAddress.parse(literal).orElseThrow();
    }
}
