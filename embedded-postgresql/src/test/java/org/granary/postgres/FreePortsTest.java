package org.granary.postgres;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.StringTokenizer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {
    @Test
    void portsAreFreeDistinctAndBelowTheEphemeralRange() throws Exception {
        int ephemeralStart = Integer.parseInt(new StringTokenizer(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst()).nextToken());
        Set<Integer> given = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.outsideEphemeralRange();
            assertThat(port).isLessThan(ephemeralStart);
            assertThat(given.add(port)).as("port %d given twice", port).isTrue();
            try (ServerSocket server = new ServerSocket(port)) {
                assertThat(server.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aPortAnotherJvmWasGivenIsNotGivenHereUntilThatJvmEnds() throws Exception {
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OnePortHolder.class.getName()).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            int theirs = Integer.parseInt(output.readLine().strip());

            assertThat(FreePorts.reserve(theirs)).as("port %d, held by the other JVM", theirs).isFalse();

            other.getOutputStream().close();
            assertThat(other.waitFor()).isZero();
            assertThat(FreePorts.reserve(theirs)).as("port %d, once the other JVM ended", theirs).isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    /** Another JVM: takes a port, says which, and holds it until its input ends. */
    static final class OnePortHolder {
        public static void main(String[] arguments) throws Exception {
            System.out.println(FreePorts.outsideEphemeralRange());
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
