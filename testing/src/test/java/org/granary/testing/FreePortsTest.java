package org.granary.testing;

import java.net.ServerSocket;
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
}
