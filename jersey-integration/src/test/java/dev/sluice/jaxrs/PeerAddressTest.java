package dev.sluice.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

final class PeerAddressTest {

    private final PeerAddress peerAddress = PeerAddress.fromProperty();

    @Test
    void fromProperty_string_isReturnedAsItIs() {
        assertThat(peerAddress.find(FakeRequest.from("203.0.113.7"))).contains("203.0.113.7");
    }

    @Test
    void fromProperty_inetAddress_isItsLiteral() throws UnknownHostException {
        InetAddress address = InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 7});

        assertThat(peerAddress.find(new FakeRequest().property(PeerAddress.PROPERTY, address)))
                .contains("203.0.113.7");
    }

    @Test
    void fromProperty_socketAddress_isItsLiteral() throws UnknownHostException {
        InetAddress address = InetAddress.getByAddress(new byte[] {32, 1, 13, (byte) 184, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 1});
        InetSocketAddress socket = new InetSocketAddress(address, 4711);

        assertThat(peerAddress.find(new FakeRequest().property(PeerAddress.PROPERTY, socket)))
                .contains("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void fromProperty_unresolvedSocketAddress_isEmpty() {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("proxy.example.com", 80);

        assertThat(peerAddress.find(new FakeRequest().property(PeerAddress.PROPERTY, unresolved))).isEmpty();
    }

    @Test
    void fromProperty_missingOrOtherType_isEmpty() {
        assertThat(peerAddress.find(new FakeRequest())).isEmpty();
        assertThat(peerAddress.find(new FakeRequest().property(PeerAddress.PROPERTY, 42))).isEmpty();
    }
}
