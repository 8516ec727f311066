package dev.sluice.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports for servers under test: free ones, and a clear failure when a needed one is taken. */
public final class Ports {

    private Ports() {
    }

    /**
     * A port that is free at 127.0.0.1 at the time of the call.
     *
     * @return the port number
     */
    public static int free() {
        return bind(0);
    }

    /**
     * Checks that every port can be bound at 127.0.0.1 right now.
     *
     * @param ports the ports a server is about to listen on
     * @throws AssertionError naming the first port that is taken and how to free it
     */
    public static void requireFree(int... ports) {
        for (int port : ports) {
            bind(port);
        }
    }

    private static int bind(int port) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(loopback, port));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("Port " + port + " at " + loopback.getHostAddress() + " is not free ("
                    + e.getMessage() + "): a server under test needs it. Stop what listens there (`ss -ltnp "
                    + "'sport = :" + port + "'` shows it) and run again.", e);
        }
    }
}
