package org.granary.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.StringTokenizer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a server that a test starts later (a service process, a platform, a test PostgreSQL):
 * chosen below the kernel's ephemeral port range. Every in-process service of a test listens on
 * port 0 and is given an ephemeral port, so none started in between can take the one chosen here.
 * A port taken from {@code new ServerSocket(0)} is itself ephemeral and can be handed out again at
 * once; a health check then got its answer from the wrong service and the test failed far from
 * the cause (a 404 from a planner that never bound its port).
 * <p>
 * Test JVMs running at once (a parallel build) do not share a port either: each port given is
 * reserved by a lock on a file of its own in {@code <java.io.tmpdir>/granary-ports}, held until the
 * JVM ends (the operating system releases it however the JVM ends, SIGKILL included).
 */
public final class FreePorts {
    /** Above the ports that system services and the benchmarks' fixed ports (25432, 28080-28091) use. */
    private static final int LOWEST = 29000;
    /** Linux's default first ephemeral port, when the kernel's setting cannot be read. */
    private static final int DEFAULT_EPHEMERAL_START = 32768;
    private static final int ATTEMPTS = 500;
    private static final Path RESERVATIONS = Path.of(System.getProperty("java.io.tmpdir"), "granary-ports");

    /** The reservations of this JVM, by port; never released before the JVM ends. */
    private static final Map<Integer, FileLock> GIVEN = new ConcurrentHashMap<>();

    private FreePorts() {
    }

    /** A port nothing listens on now, outside the ephemeral range, given to no other caller in this or another JVM. */
    public static synchronized int outsideEphemeralRange() {
        int end = ephemeralStart();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
            if (!GIVEN.containsKey(port) && reserve(port) && free(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + end + " after " + ATTEMPTS + " tries");
    }

    /**
     * True when this JVM now holds the port's lock; a port another JVM holds is not given. Only for
     * a port not in {@link #GIVEN}, under the class's monitor: on Linux, closing a second channel
     * on a file this JVM holds the lock of would release that lock.
     */
    static synchronized boolean reserve(int port) {
        try {
            Files.createDirectories(RESERVATIONS);
            FileChannel channel = FileChannel.open(RESERVATIONS.resolve(port + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                return false;
            }
            return GIVEN.putIfAbsent(port, lock) == null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve port " + port + " in " + RESERVATIONS, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
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
