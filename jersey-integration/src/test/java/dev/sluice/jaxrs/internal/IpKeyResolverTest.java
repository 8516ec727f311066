package dev.sluice.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import dev.sluice.config.CidrBlock;
import dev.sluice.jaxrs.FakeRequest;
import dev.sluice.jaxrs.PeerAddress;
import dev.sluice.testing.CapturedLog;

final class IpKeyResolverTest {

    private final IpKeyResolver resolver = new IpKeyResolver(PeerAddress.fromProperty(),
            List.of(CidrBlock.parse("10.0.0.0/8"), CidrBlock.parse("::1")));

    @Test
    void resolve_spoofedForwardingHeadersFromUntrustedPeer_keyIsThePeer() {
        FakeRequest request = FakeRequest.from("198.51.100.9")
                .header("X-Forwarded-For", "192.0.2.1")
                .header("Forwarded", "for=192.0.2.2");

        assertThat(resolver.resolve(request)).contains("198.51.100.9");
    }

    @Test
    void resolve_trustedPeerWithSeveralHeaderLines_keyIsTheClient() {
        FakeRequest request = FakeRequest.from("10.0.0.1")
                .header("X-Forwarded-For", "192.0.2.66, 203.0.113.7")
                .header("x-forwarded-for", "10.2.2.2");

        assertThat(resolver.resolve(request)).contains("203.0.113.7");
    }

    @Test
    void resolve_trustedPeerWithForwardedIpv6_keyIsTheSlash64() {
        FakeRequest request = FakeRequest.from("10.0.0.1")
                .header("Forwarded", "for=\"[2001:DB8:0:0:1::1]:4711\";proto=https");

        assertThat(resolver.resolve(request)).contains("2001:db8::/64");
    }

    @Test
    void resolve_bracketedIpv6Peer_isRead() {
        FakeRequest request = FakeRequest.from("[::1]").header("X-Forwarded-For", "::ffff:203.0.113.7");

        assertThat(resolver.resolve(request)).contains("203.0.113.7");
    }

    @Test
    void resolve_noPeerAddress_hasNoKey() {
        FakeRequest request = new FakeRequest().header("X-Forwarded-For", "203.0.113.7");

        assertThat(resolver.resolve(request)).isEmpty();
    }

    @Test
    void resolve_noPeerAddressTwice_warnsOnceNamingTheProperty() {
        IpKeyResolver fresh = new IpKeyResolver(PeerAddress.fromProperty(), List.of());
        List<LogRecord> logged;
        try (CapturedLog log = CapturedLog.atConfiguredLevel(IpKeyResolver.class.getName())) {
            fresh.resolve(new FakeRequest());
            fresh.resolve(new FakeRequest());
            fresh.resolve(FakeRequest.from("localhost"));
            logged = log.records();
        }

        assertThat(logged).singleElement().satisfies(logRecord -> {
            assertThat(logRecord.getLevel()).isEqualTo(Level.WARNING);
            assertThat(logRecord.getMessage()).contains(PeerAddress.PROPERTY, "servlet-6.0", "one quota");
        });
    }

    @Test
    void resolve_peerThatIsAHostName_hasNoKey() {
        assertThat(resolver.resolve(FakeRequest.from("localhost"))).isEmpty();
    }

    @Test
    void resolve_customPeerAddress_isUsed() {
        IpKeyResolver custom = new IpKeyResolver(request -> Optional.of("0:0:0:0:0:ffff:cb00:7107"),
                List.of());

        assertThat(custom.resolve(new FakeRequest())).contains("203.0.113.7");
    }
}
