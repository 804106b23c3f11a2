package org.granary.archive;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node with two volumes: a draining volume takes nothing new and a rebalance empties it; a node
 * without a volume that takes writes says so in its health and serves reads.
 */
class VolumeIT {
    @TempDir
    Path home;
    private ArchiveNodes nodes;

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void aDrainingVolumeTakesNoNewObjectsAndARebalanceMovesItsObjectsToTheOtherVolume() throws Exception {
        nodes = new ArchiveNodes(home);
        nodes.define("archive-1");
        Path v1 = home.resolve("disks/v1");
        Path v2 = home.resolve("disks/v2");
        nodes.start("archive-1", List.of("archive-1"), Map.of(
                "GRANARY_ARCHIVE_VOLUMES_0_NAME", "v1", "GRANARY_ARCHIVE_VOLUMES_0_PATH", v1.toString(),
                "GRANARY_ARCHIVE_VOLUMES_1_NAME", "v2", "GRANARY_ARCHIVE_VOLUMES_1_PATH", v2.toString()));
        assertThat(nodes.send(nodes.request("archive-1", "/volumes/v2/state").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"read-only\"}"))).statusCode()).isEqualTo(200);
        List<TestObjects> objects = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TestObjects object = TestObjects.random(900 + i, 3_000);
            assertThat(put(object)).isEqualTo(201);
            objects.add(object);
        }
        assertThat(objects).allMatch(object -> Files.exists(objectFile(v1, object.checksum())));

        setState("v2", "active");
        setState("v1", "draining");
        TestObjects late = TestObjects.random(999, 3_000);
        assertThat(put(late)).isEqualTo(201);
        assertThat(objectFile(v2, late.checksum())).as("a draining volume takes no new object").exists();

        nodes.send(nodes.request("archive-1", "/rebalance").POST(HttpRequest.BodyPublishers.noBody()));
        ArchiveNodes.await("rebalance", Duration.ofMinutes(1), () -> nodes.body("archive-1", "/rebalance").contains("\"state\":\"finished\""));

        assertThat(nodes.body("archive-1", "/rebalance")).contains("\"errors\":0");
        for (TestObjects object : objects) {
            assertThat(objectFile(v1, object.checksum())).doesNotExist();
            assertThat(Files.readAllBytes(objectFile(v2, object.checksum()))).isEqualTo(object.content());
        }
        assertThat(nodes.body("archive-1", "/audit/" + objects.getFirst().checksum())).contains("\"action\":\"relocate\"").contains("from volume v1");
    }

    @Test
    void aNodeWithoutRoomAnswers507BeforeWritingAnything() throws Exception {
        nodes = new ArchiveNodes(home);
        nodes.define("archive-1");
        nodes.start("archive-1", List.of("archive-1"), Map.of("GRANARY_ARCHIVE_MINIMUM_FREE_BYTES", String.valueOf(Long.MAX_VALUE / 2)));
        TestObjects object = TestObjects.random(77, 10_000);

        var response = nodes.send(nodes.request("archive-1", "/objects/" + object.checksum())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(object.content())));

        assertThat(response.statusCode()).isEqualTo(507);
        assertThat(response.body()).contains("storage-full").contains("no volume of this node has room");
        assertThat(nodes.node("archive-1").objectFile(object.checksum())).doesNotExist();
        try (var incoming = Files.list(nodes.node("archive-1").volume().resolve("incoming"))) {
            assertThat(incoming).isEmpty();
        }
    }

    @Test
    void aNodeWhoseVolumesAreAllReadOnlySaysItTakesNoWritesAndServesReads() throws Exception {
        nodes = new ArchiveNodes(home);
        nodes.define("archive-1");
        nodes.start("archive-1", List.of("archive-1"));
        TestObjects object = TestObjects.random(78, 10_000);
        assertThat(put(object)).isEqualTo(201);

        setState("v1", "read-only");
        HttpResponse<String> health = nodes.send(nodes.request("archive-1", "/actuator/health").GET());
        HttpResponse<String> refused = nodes.send(nodes.request("archive-1", "/objects/" + TestObjects.random(79, 10).checksum())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestObjects.random(79, 10).content())));
        HttpResponse<byte[]> read = nodes.http().send(nodes.request("archive-1", "/objects/" + object.checksum()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(health.statusCode()).as("still serving").isEqualTo(200);
        assertThat(health.body()).endsWith("\"status\":\"READ_ONLY\"}").contains("\"state\":\"read-only\"", "\"takesWrites\":false");
        assertThat(refused.statusCode()).isEqualTo(507);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(object.content());

        setState("v1", "active");
        assertThat(nodes.body("archive-1", "/actuator/health")).endsWith("\"status\":\"UP\"}");
    }

    private void setState(String volume, String state) throws Exception {
        nodes.send(nodes.request("archive-1", "/volumes/" + volume + "/state").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"" + state + "\"}")));
    }

    private int put(TestObjects object) throws Exception {
        return nodes.send(nodes.request("archive-1", "/objects/" + object.checksum())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(object.content()))).statusCode();
    }

    private static Path objectFile(Path volume, String checksum) {
        return volume.resolve("objects").resolve(checksum.substring(0, 2)).resolve(checksum.substring(2, 4)).resolve(checksum);
    }
}
