package org.granary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a server that a test starts later (a service process, a platform): chosen below the
 * kernel's ephemeral port range. Every in-process service of a test listens on port 0 and is given
 * an ephemeral port, so none started in between can take the one chosen here. A port taken from
 * {@code new ServerSocket(0)} is itself ephemeral and can be handed out again at once; a health
 * check then got its answer from the wrong service and the test failed far from the cause (a 404
 * from a planner that never bound its port).
 */
public final class FreePorts {
    /** Above the ports that system services and the benchmarks' fixed ports (25432, 28080-28091) use. */
    private static final int LOWEST = 29000;
    /** Linux's default first ephemeral port, when the kernel's setting cannot be read. */
    private static final int DEFAULT_EPHEMERAL_START = 32768;
    private static final int ATTEMPTS = 200;

    private FreePorts() {
    }

    /** Ports already handed out in this JVM: a test asking for several at once gets different ones. */
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    /** A port nothing listens on now, outside the ephemeral range, not given before in this JVM. */
    public static int outsideEphemeralRange() {
        int end = ephemeralStart();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
            if (free(port) && GIVEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + end + " after " + ATTEMPTS + " tries");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return socket.getLocalPort() == port;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralStart() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (!Files.isReadable(range)) {
            return DEFAULT_EPHEMERAL_START;
        }
        try {
            // Not Files.readString: a /proc file reports size 0, and readString returned its first character only.
            int start = Integer.parseInt(new StringTokenizer(Files.readAllLines(range).getFirst()).nextToken());
            return start > LOWEST + 1000 ? start : DEFAULT_EPHEMERAL_START;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + range, e);
        }
    }
}
