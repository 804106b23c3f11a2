package org.granary.archive;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.granary.archive.client.ArchiveClient;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.client.ContentSource;
import org.granary.platform.auth.ServiceName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Three real archive nodes (R = 2) on this machine, driven over HTTP and killed with SIGKILL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchiveClusterIT {
    private static final List<String> ALL = List.of("archive-1", "archive-2", "archive-3");

    @TempDir
    static Path home;
    private ArchiveNodes nodes;

    @BeforeAll
    void startCluster() throws Exception {
        nodes = new ArchiveNodes(home);
        for (String id : ALL) {
            nodes.define(id);
        }
        nodes.start("archive-1", ALL);
        nodes.start("archive-2", ALL);
        nodes.start("archive-3", ALL);
    }

    @AfterAll
    void stopCluster() {
        nodes.close();
    }

    @Test
    @Order(1)
    void refusesAnObjectWrittenUnderAWrongNameAndLeavesNoFile() throws Exception {
        TestObjects object = TestObjects.random(1, 100_000);
        String wrongName = TestObjects.sha256("something else".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = nodes.send(nodes.request("archive-1", "/objects/" + wrongName)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(object.content())));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("content-mismatch").contains(object.checksum());
        assertThat(nodes.node("archive-1").objectFile(wrongName)).doesNotExist();
        assertThat(nodes.node("archive-1").objectFile(object.checksum())).doesNotExist();
        assertThat(files(nodes.node("archive-1").volume().resolve("incoming"))).isEmpty();
        assertThat(nodes.send(nodes.request("archive-1", "/objects/" + wrongName).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void storesOnceAnswersRepeatsWith200AndServesRanges() throws Exception {
        TestObjects object = TestObjects.random(2, 10_000);

        HttpResponse<String> first = put("archive-2", object);
        HttpResponse<String> again = put("archive-2", object);
        HttpResponse<byte[]> range = nodes.http().send(nodes.request("archive-2", "/objects/" + object.checksum())
                .header("Range", "bytes=100-109").GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("ETag")).hasValue("\"" + object.checksum() + "\"");
        assertThat(again.headers().firstValue("ETag")).hasValue("\"" + object.checksum() + "\"");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(object.content(), 100, 110));
        assertThat(Files.readAllBytes(nodes.node("archive-2").objectFile(object.checksum()))).isEqualTo(object.content());
        assertThat(nodes.send(nodes.request("archive-2", "/objects?limit=1000").GET()).body()).contains(object.checksum());
    }

    @Test
    @Order(2)
    void aBinaryBodySentWithCurlsDefaultFormContentTypeIsStoredAsItIs() throws Exception {
        // curl --data-binary sends application/x-www-form-urlencoded unless told otherwise; '=' and '&' would split a form.
        byte[] content = "a=1&b=2&%zz=\u0000 binary body sent as curl sends it".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        TestObjects object = TestObjects.of(content);

        HttpResponse<String> stored = nodes.send(nodes.request("archive-1", "/objects/" + object.checksum())
                .header("Content-Type", "application/x-www-form-urlencoded").PUT(HttpRequest.BodyPublishers.ofByteArray(content)));

        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        assertThat(Files.readAllBytes(nodes.node("archive-1").objectFile(object.checksum()))).isEqualTo(content);
    }

    @Test
    @Order(2)
    void concurrentWritesOfManyObjectsAndOfOneAreEachRecordedAndAudited() throws Exception {
        List<TestObjects> distinct = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            distinct.add(TestObjects.random(100 + i, 20_000));
        }
        TestObjects repeated = TestObjects.random(200, 20_000);
        List<TestObjects> writes = new ArrayList<>(distinct);
        for (int i = 0; i < 6; i++) {
            writes.add(repeated);
        }

        List<Integer> statuses;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (TestObjects object : writes) {
                answers.add(pool.submit(() -> put("archive-3", object).statusCode()));
            }
            statuses = new ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
        }

        assertThat(statuses.subList(0, distinct.size())).containsOnly(201);
        String listing = nodes.send(nodes.request("archive-3", "/objects?limit=1000").GET()).body();
        for (TestObjects object : distinct) {
            assertThat(listing).contains(object.checksum());
            assertThat(audit("archive-3", object.checksum()).split("\"action\":\"write\"", -1)).hasSize(2);
        }
        List<Integer> repeatedStatuses = statuses.subList(distinct.size(), statuses.size());
        assertThat(repeatedStatuses).allMatch(status -> status == 200 || status == 201).contains(201);
        assertThat(listing).contains(repeated.checksum());
        assertThat(audit("archive-3", repeated.checksum()).split("\"action\":\"write\"", -1))
                .as("one audited write per 201").hasSize(1 + (int) repeatedStatuses.stream().filter(status -> status == 201).count());
        assertThat(Files.readAllBytes(nodes.node("archive-3").objectFile(repeated.checksum()))).isEqualTo(repeated.content());
    }

    @Test
    @Order(2)
    void objectsAreWrittenWithAServiceTokenNeverWithAStationsOrAScientistsWhoseLabelIsAudited() throws Exception {
        TestObjects object = TestObjects.random(5, 5_000);
        String ingest = nodes.serviceToken(ServiceName.INGEST_SERVICE);

        for (String role : List.of("station", "scientist")) {
            HttpResponse<String> refused = nodes.send(as(createToken(role), "archive-2", "/objects/" + object.checksum())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(object.content())));
            assertThat(refused.statusCode()).as(role).isEqualTo(403);
            assertThat(refused.body()).contains("forbidden").contains("service");
        }
        assertThat(nodes.node("archive-2").objectFile(object.checksum())).doesNotExist();
        HttpResponse<String> written = nodes.send(as(ingest, "archive-2", "/objects/" + object.checksum())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(object.content())));
        HttpResponse<String> scrub = nodes.send(as(ingest, "archive-2", "/scrub").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(written.statusCode()).isEqualTo(201);
        assertThat(audit("archive-2", object.checksum())).contains("\"action\":\"write\"").contains("written by ingest-service")
                .contains("\"actor\":\"ingest-service\"");
        assertThat(scrub.statusCode()).as("administration stays with admin").isEqualTo(403);
    }

    @Test
    @Order(3)
    void deletionNeedsAServiceTokenAndLeavesARestorableTombstone() throws Exception {
        TestObjects object = TestObjects.random(3, 5_000);
        put("archive-1", object);
        String station = createToken("station");

        HttpResponse<String> refused = nodes.send(as(station, "archive-1", "/objects/" + object.checksum()).DELETE());
        HttpResponse<String> deleted = nodes.send(as(nodes.serviceToken(ServiceName.INGEST_SERVICE), "archive-1",
                "/objects/" + object.checksum()).DELETE());
        HttpResponse<String> afterwards = nodes.send(nodes.request("archive-1", "/objects/" + object.checksum()).GET());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).contains("purgeAfter").contains("\"deletedBy\":\"ingest-service\"");
        assertThat(afterwards.statusCode()).isEqualTo(404);
        assertThat(afterwards.body()).contains("was deleted at");
        assertThat(nodes.node("archive-1").volume().resolve("tombstones").resolve(object.checksum())).exists();
        assertThat(audit("archive-1", object.checksum())).contains("\"action\":\"write\"").contains("\"action\":\"delete\"");

        assertThat(put("archive-1", object).statusCode()).isEqualTo(201);
        assertThat(nodes.send(nodes.request("archive-1", "/objects/" + object.checksum()).GET()).statusCode()).isEqualTo(200);
        assertThat(nodes.node("archive-1").volume().resolve("tombstones").resolve(object.checksum()))
                .as("writing a deleted object again lifts its tombstone").doesNotExist();
        assertThat(audit("archive-1", object.checksum()).split("\"action\":\"write\"", -1)).as("both writes audited").hasSize(3);
    }

    @Test
    @Order(4)
    void aFlippedByteIsFoundQuarantinedAndRepairedFromTheReplica() throws Exception {
        TestObjects object = TestObjects.random(4, 200_000);
        try (ArchiveClient client = nodes.client()) {
            ArchiveClient.PutResult result = client.put(object.checksum(), object.source());
            assertThat(result.nodes()).hasSize(2);
            String victim = result.nodes().getFirst();
            Path file = nodes.node(victim).objectFile(object.checksum());
            byte[] corrupted = Files.readAllBytes(file);
            corrupted[123_456] ^= 0x01;
            Files.write(file, corrupted);

            assertThat(nodes.send(nodes.request(victim, "/scrub").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(202);
            ArchiveNodes.await("scrub of " + victim, Duration.ofMinutes(1),
                    () -> nodes.body(victim, "/scrub").contains("\"state\":\"finished\""));

            assertThat(Files.readAllBytes(file)).isEqualTo(object.content());
            assertThat(files(nodes.node(victim).volume().resolve("quarantine"))).anyMatch(name -> name.startsWith(object.checksum()));
            String audit = audit(victim, object.checksum());
            assertThat(audit).contains("\"action\":\"quarantine\"").contains("\"action\":\"repair\"")
                    .contains("repaired from " + result.nodes().getLast());
            assertThat(nodes.body(victim, "/actuator/prometheus")).containsPattern("granary_archive_scrub_corrupt_total\\{[^}]*} 1\\.0")
                    .contains("granary_archive_oldest_verification_age_seconds{");
        }
    }

    @Test
    @Order(5)
    void withANodeDownWritesStillReachTwoCopiesWhichGoHomeByThemselvesWhenItReturns() throws Exception {
        nodes.kill("archive-3");
        List<TestObjects> objects = new ArrayList<>();
        try (ArchiveClient client = nodes.client()) {
            for (int i = 0; i < 30; i++) {
                TestObjects object = TestObjects.random(500 + i, 2_000);
                ArchiveClient.PutResult result = client.put(object.checksum(), object.source());
                assertThat(result.nodes()).hasSize(2).doesNotContain("archive-3");
                objects.add(object);
            }
            List<TestObjects> handedOff = objects.stream()
                    .filter(object -> client.map().placement().isPreferred(object.checksum(), "archive-3")).toList();
            assertThat(handedOff).as("some objects prefer the node that was down").isNotEmpty();

            nodes.start("archive-3", ALL);
            for (TestObjects object : objects) {
                List<String> preferred = client.map().placement().preferred(object.checksum()).stream().map(ClusterNode::id).toList();
                ArchiveNodes.await(object.checksum() + " home, without a rebalance", Duration.ofSeconds(60),
                        () -> new java.util.HashSet<>(client.holders(object.checksum())).equals(new java.util.HashSet<>(preferred)));
                try (var in = client.get(object.checksum())) {
                    assertThat(in.readAllBytes()).isEqualTo(object.content());
                }
            }
            TestObjects returned = handedOff.getFirst();
            String audit = ALL.stream().map(id -> nodes.body(id, "/audit/" + returned.checksum())).reduce("", String::concat);
            assertThat(audit).contains("hinted handoff returned home: verified by hash");
        }
    }

    @Test
    @Order(6)
    void aNodeKilledDuringAPutLeavesNoVisiblePartAndTheRetrySucceeds() throws Exception {
        TestObjects object = TestObjects.random(6, 4 << 20);
        HttpURLConnection upload = (HttpURLConnection) URI.create(nodes.node("archive-1").url() + "/objects/" + object.checksum()).toURL().openConnection();
        upload.setRequestMethod("PUT");
        upload.setDoOutput(true);
        upload.setRequestProperty("Authorization", "Bearer " + nodes.adminToken());
        upload.setFixedLengthStreamingMode(object.content().length);
        OutputStream body = upload.getOutputStream();
        body.write(object.content(), 0, 1 << 20);
        body.flush();
        Path incoming = nodes.node("archive-1").volume().resolve("incoming");
        ArchiveNodes.await("the upload to reach the disk", Duration.ofSeconds(30), () -> !files(incoming).isEmpty());

        nodes.kill("archive-1");
        upload.disconnect();
        nodes.start("archive-1", ALL);

        assertThat(nodes.node("archive-1").objectFile(object.checksum())).doesNotExist();
        assertThat(files(incoming)).isEmpty();
        assertThat(nodes.send(nodes.request("archive-1", "/objects/" + object.checksum()).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(404);
        assertThat(put("archive-1", object).statusCode()).isEqualTo(201);
        assertThat(Files.readAllBytes(nodes.node("archive-1").objectFile(object.checksum()))).isEqualTo(object.content());
    }

    @Test
    @Order(7)
    void pooledConnectionsToANodeSigkilledAndRestartedFailNoPut() throws Exception {
        try (ArchiveClient client = nodes.client()) {
            // Parallel puts leave several idle pooled connections to every node.
            List<java.util.concurrent.CompletableFuture<ArchiveClient.PutResult>> warming = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                TestObjects object = TestObjects.random(700 + i, 1_000);
                warming.add(java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> client.put(object.checksum(), ContentSource.ofBytes(object.content()))));
            }
            warming.forEach(put -> assertThat(put.join().nodes()).hasSize(2));

            nodes.kill("archive-2");
            nodes.start("archive-2", ALL);

            for (int i = 0; i < 12; i++) {
                TestObjects object = TestObjects.random(720 + i, i % 2 == 0 ? 1_000 : 2 << 20);
                ArchiveClient.PutResult result = switch (i % 3) {
                    case 0 -> client.put(object.checksum(), ContentSource.ofBytes(object.content()));
                    case 1 -> client.put(object.checksum(), object.source());
                    default -> client.putOnce(object.checksum(), new java.io.ByteArrayInputStream(object.content()),
                            object.content().length, "after a restart");
                };
                List<String> preferred = client.map().placement().preferred(object.checksum()).stream().map(ClusterNode::id).toList();
                assertThat(result.nodes()).as("copies of %s where they belong, no hand-off", object.checksum())
                        .containsExactlyInAnyOrderElementsOf(preferred);
                assertThat(result.created()).isTrue();
            }
        }
    }

    @Test
    @Order(8)
    void aLargeStreamedPutOfAnObjectTheNodesHaveIsAnsweredWithoutItsBody() throws Exception {
        // Above the nodes' 2 MB swallow limit: a body they had been sent but did not read would cut the connection off.
        TestObjects object = TestObjects.random(800, 3 * 1024 * 1024 + 7);
        try (ArchiveClient client = nodes.client()) {
            assertThat(client.putOnce(object.checksum(), new java.io.ByteArrayInputStream(object.content()), object.content().length,
                    "first").created()).isTrue();
            for (int repeat = 0; repeat < 20; repeat++) {
                ArchiveClient.PutResult again = client.putOnce(object.checksum(), new java.io.ByteArrayInputStream(object.content()),
                        object.content().length, "repeat " + repeat);
                assertThat(again.created()).isFalse();
                assertThat(again.nodes()).hasSize(2);
            }
            String holder = client.holders(object.checksum()).getFirst();
            HttpResponse<String> otherContent = nodes.send(nodes.request(holder, "/objects/" + object.checksum())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(TestObjects.random(801, 1000).content())));
            assertThat(otherContent.statusCode()).as("a repeat is checked against its name").isEqualTo(422);
            assertThat(Files.readAllBytes(nodes.node(holder).objectFile(object.checksum()))).isEqualTo(object.content());
        }
    }

    private HttpResponse<String> put(String node, TestObjects object) throws Exception {
        return nodes.send(nodes.request(node, "/objects/" + object.checksum()).PUT(HttpRequest.BodyPublishers.ofByteArray(object.content())));
    }

    private HttpRequest.Builder as(String token, String node, String path) {
        return HttpRequest.newBuilder(URI.create(nodes.node(node).url() + path)).header("Authorization", "Bearer " + token);
    }

    private String createToken(String role) throws Exception {
        HttpResponse<String> created = nodes.send(nodes.request("archive-1", "/admin/tokens").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\",\"label\":\"test " + role + "\"}")));
        return created.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    }

    private String audit(String node, String checksum) throws Exception {
        return nodes.send(nodes.request(node, "/audit/" + checksum).GET()).body();
    }


    private static List<String> files(Path folder) {
        try (var list = Files.list(folder)) {
            return list.map(path -> path.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
