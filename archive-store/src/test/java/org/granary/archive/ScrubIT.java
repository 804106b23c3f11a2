package org.granary.archive;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.granary.archive.client.ArchiveClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two real nodes (R = 2) with the background scrub on and a presence check every second: a file
 * deleted by hand is noticed and repaired without a full pass, a file without an inventory row is
 * recorded, and a full pass checks each copy once, ending even when a copy can be neither verified
 * nor repaired (immutable, or unreadable), which it marks, audits and counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScrubIT {
    private static final List<String> BOTH = List.of("archive-1", "archive-2");

    private ArchiveNodes nodes;

    @BeforeAll
    void startTwoNodesWithAPresenceCheckEverySecond(@TempDir Path home) throws Exception {
        nodes = new ArchiveNodes(home);
        for (String id : BOTH) {
            nodes.define(id);
        }
        Map<String, String> scrub = Map.of("GRANARY_ARCHIVE_SCRUB_ENABLED", "true", "GRANARY_ARCHIVE_SCRUB_INTERVAL", "1h",
                "GRANARY_ARCHIVE_SCRUB_PRESENCE_INTERVAL", "1s");
        for (String id : BOTH) {
            nodes.start(id, BOTH, scrub);
        }
    }

    @AfterAll
    void stop() {
        nodes.close();
    }

    @Test
    @Order(1)
    void aFileDeletedByHandIsFoundByThePresenceCheckAuditedAndRepairedFromThePeerWithoutAFullPass() throws Exception {
        TestObjects object = TestObjects.random(41, 300_000);
        List<String> holders = put(object);
        String victim = holders.getFirst();
        Path file = nodes.node(victim).objectFile(object.checksum());

        Files.delete(file);

        ArchiveNodes.await("the presence check to repair " + object.checksum(), Duration.ofSeconds(30),
                () -> nodes.body(victim, "/audit/" + object.checksum()).contains("\"action\":\"repair\""));
        assertThat(Files.readAllBytes(file)).isEqualTo(object.content());
        assertThat(nodes.body(victim, "/audit/" + object.checksum())).contains("\"action\":\"missing\"", "file missing from volume v1",
                "repaired from " + holders.getLast());
        assertThat(nodes.body(victim, "/actuator/prometheus")).containsPattern("granary_archive_scrub_missing_total\\{[^}]*} 1\\.0")
                .containsPattern("granary_archive_scrub_repairs_total\\{[^}]*} 1\\.0");
        assertThat(nodes.body(victim, "/scrub")).as("no full pass ran").contains("\"state\":\"idle\"");
    }

    @Test
    @Order(1)
    void aFileWithoutAnInventoryRowIsRecordedByThePresenceCheck() throws Exception {
        TestObjects object = TestObjects.random(42, 5_000);
        Path file = nodes.node("archive-1").objectFile(object.checksum());

        // What a crash between the rename of an upload and its commit leaves.
        Files.createDirectories(file.getParent());
        Files.write(file, object.content());

        ArchiveNodes.await("the presence check to record " + object.checksum(), Duration.ofSeconds(30),
                () -> nodes.body("archive-1", "/objects?limit=10000").contains(object.checksum()));
    }

    @Test
    @Order(2)
    void aCorruptCopyThatCannotBeMovedToQuarantineIsMarkedAuditedAndCountedAndThePassEnds() throws Exception {
        TestObjects object = TestObjects.random(43, 200_000);
        String victim = put(object).getFirst();
        Path file = nodes.node(victim).objectFile(object.checksum());
        byte[] corrupted = object.content().clone();
        corrupted[1234] ^= 0x01;
        Files.write(file, corrupted);
        assumeTrue(chattr("+i", file), "chattr +i works on the volume's file system");
        try {
            String pass = fullPass(victim);

            assertThat(pass).contains("\"objectsVerified\":" + liveObjects(victim) + ",", "\"corrupt\":1,", "\"problems\":1",
                    "\"missing\":0,", "\"unrepairable\":0,");
            assertThat(nodes.body(victim, "/audit/" + object.checksum())).contains("\"action\":\"problem\"",
                    "is corrupt (content hashes to " + TestObjects.sha256(corrupted) + ") and cannot be moved to quarantine");
            assertThat(problemOf(victim, object.checksum())).startsWith("is corrupt");
            assertThat(nodes.body(victim, "/actuator/prometheus")).containsPattern("granary_archive_scrub_problems_total\\{[^}]*} 1\\.0");
            assertThat(Files.readAllBytes(file)).as("left in place").isEqualTo(corrupted);
        } finally {
            chattr("-i", file);
            Files.write(file, object.content());
        }
    }

    @Test
    @Order(3)
    void anUnreadableCopyIsMarkedAuditedAndCountedAndThePassEnds() throws Exception {
        TestObjects object = TestObjects.random(44, 100_000);
        String victim = put(object).getFirst();
        Path file = nodes.node(victim).objectFile(object.checksum());
        // A file the node can open but not read, as root too: its own memory at address 0 answers EIO.
        Files.delete(file);
        Files.createSymbolicLink(file, Path.of("/proc/self/mem"));
        try {
            String pass = fullPass(victim);

            assertThat(pass).contains("\"objectsVerified\":" + liveObjects(victim) + ",", "\"corrupt\":0,", "\"problems\":1");
            assertThat(nodes.body(victim, "/audit/" + object.checksum())).contains("\"action\":\"problem\"", "cannot be read");
            assertThat(problemOf(victim, object.checksum())).startsWith("cannot be read").contains("Input/output error");
        } finally {
            Files.delete(file);
            Files.write(file, object.content());
        }
    }

    private List<String> put(TestObjects object) throws IOException {
        try (ArchiveClient client = nodes.client()) {
            List<String> holders = client.put(object.checksum(), object.source()).nodes();
            assertThat(holders).hasSize(2);
            return holders;
        }
    }

    /** Starts a full pass on {@code node} and answers its progress once it ended. */
    private String fullPass(String node) throws Exception {
        assertThat(nodes.send(nodes.request(node, "/scrub").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(202);
        ArchiveNodes.await("the full pass of " + node + " to end", Duration.ofMinutes(1),
                () -> nodes.body(node, "/scrub").contains("\"state\":\"finished\""));
        return nodes.body(node, "/scrub");
    }

    private long liveObjects(String node) {
        return nodes.body(node, "/objects?limit=10000").split("\"checksum\"", -1).length - 1L;
    }

    /** The problem the node's inventory holds for an object, straight from its database. */
    private String problemOf(String node, String checksum) throws Exception {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(nodes.node(node).database());
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT problem FROM stored_object WHERE checksum = ? AND problem_at IS NOT NULL")) {
            query.setString(1, checksum);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("a problem recorded for " + checksum).isTrue();
                return row.getString(1);
            }
        }
    }

    private static boolean chattr(String flag, Path file) throws Exception {
        Process chattr = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
        chattr.getInputStream().readAllBytes();
        return chattr.waitFor(30, TimeUnit.SECONDS) && chattr.exitValue() == 0;
    }
}
