package io.gatewatch.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds TCP ports on 127.0.0.1 that are free right now.
 *
 * <p>The ports are released before the caller binds them, so another process can steal one in
 * between; {@link EmbeddedKafka} retries with fresh ports when that happens.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** One free port on 127.0.0.1. */
    public static int pick() {
        return pick(1).get(0);
    }

    /**
     * Whether {@code port} on 127.0.0.1 can be bound right now, with the same address-reuse
     * setting Kafka's own listener uses.
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(EmbeddedKafka.HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code count} distinct free ports on 127.0.0.1. All sockets are held open until every port
     * is chosen, so the operating system cannot hand out the same port twice.
     */
    public static List<Integer> pick(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            List<Integer> ports = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                // no SO_REUSEADDR: a port still in TIME_WAIT from an earlier broker is not "free"
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName(EmbeddedKafka.HOST), 0));
                ports.add(socket.getLocalPort());
            }
            return List.copyOf(ports);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find " + count + " free port(s) on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own cannot meaningfully fail
                }
            }
        }
    }
}
