package org.granary.planner.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a fake planner: a JDK HTTP server answering what each test queues, recording what it was sent. */
class PlannerClientTest {
    private record Answer(int status, String body) {
    }

    private record Received(String method, String pathAndQuery, String authorization, String body) {
    }

    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<Received> received = new ArrayList<>();
    private HttpServer server;
    private PlannerClient planner;

    @BeforeEach
    void startFakePlanner() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        planner = new PlannerClient("http://127.0.0.1:" + server.getAddress().getPort() + "/", "secret");
    }

    @AfterEach
    void stop() {
        planner.close();
        server.stop(0);
    }

    @Test
    void registersAPgeWithItsDurationsAsIsoTextAndTellsCreatedFromRepeated() {
        String registered = """
                {"name":"OMTO3-demo","version":"1","command":["/pge/omto3","{orbit}"],"timeUnit":"orbit",
                 "inputs":[{"esdt":"OML1BRUG","selection":"overlap","mandatory":true,"minimumCount":1,"waitFor":"PT1H"}],
                 "outputs":["OMTO3"],"timeLimit":"PT2M","registeredAt":"2025-01-01T00:00:00Z","registeredBy":"alice"}
                """;
        answers.add(new Answer(201, registered));
        answers.add(new Answer(200, registered));
        PgeDefinition pge = new PgeDefinition("OMTO3-demo", "1", List.of("/pge/omto3", "{orbit}"), "orbit", null,
                List.of(new InputRule("OML1BRUG", null, "overlap", null, null, true, 1, Duration.ofHours(1))), List.of("OMTO3"), null, null,
                Duration.ofMinutes(2), null, null, null, null);

        Registration first = planner.register(pge);
        Registration again = planner.register(pge);

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(first.pge().registeredBy()).isEqualTo("alice");
        assertThat(first.pge().inputs().getFirst().waitFor()).isEqualTo(Duration.ofHours(1));
        assertThat(received.getFirst().method()).isEqualTo("POST");
        assertThat(received.getFirst().pathAndQuery()).isEqualTo("/pges");
        assertThat(received.getFirst().authorization()).isEqualTo("Bearer secret");
        assertThat(received.getFirst().body()).contains("\"timeLimit\":\"PT2M\"").contains("\"waitFor\":\"PT1H\"");
    }

    @Test
    void aConflictIsAFinalFailureWithTheProblemsCodeAndDetail() {
        answers.add(new Answer(409, "{\"code\":\"conflict\",\"detail\":\"OMTO3-demo version 1 is registered with other content\"}"));
        PgeDefinition pge = new PgeDefinition("OMTO3-demo", "1", List.of("/pge/omto3"), "orbit", null, List.of(), List.of("OMTO3"), null,
                null, null, null, null, null, null);

        assertThatThrownBy(() -> planner.register(pge)).isInstanceOfSatisfying(PlannerException.class, failure -> {
            assertThat(failure.status()).isEqualTo(409);
            assertThat(failure.code()).isEqualTo("conflict");
            assertThat(failure.retriable()).isFalse();
            assertThat(failure.getMessage()).contains("registered with other content");
        });
        assertThat(received).hasSize(1);
    }

    @Test
    void aPlannerThatIsBrieflyUnavailableIsAskedAgain() {
        answers.add(new Answer(503, "{\"code\":\"dependency-unavailable\",\"detail\":\"starting\"}"));
        answers.add(new Answer(200, """
                {"job":{"id":33,"pge":"OMTO3d-demo","pgeVersion":"1","unitStart":"2004-10-01T00:00:00Z","unitEnd":"2004-10-02T00:00:00Z",
                        "state":"succeeded","reason":"exited with 0","attempts":1,"maxAttempts":3,"priority":0,"requestedBy":"ingest"},
                 "inputs":[18,19],"outputs":[{"granuleId":140,"esdt":"OMTO3d","fileName":"OMI-Aura_L3-OMTO3d_2004m1001_v003-x.he5"}],
                 "transitions":[{"at":"2025-01-01T00:00:00Z","from":null,"to":"planned","reason":"made"}],"unknownField":1}
                """));

        JobDetail job = planner.job(33);

        assertThat(received).hasSize(2);
        assertThat(job.job().state()).isEqualTo("succeeded");
        assertThat(job.inputs()).containsExactly(18L, 19L);
        assertThat(job.outputs()).extracting(JobDetail.Output::esdt).containsExactly("OMTO3d");
        assertThat(job.transitions().getFirst().from()).isNull();
    }

    @Test
    void readsEveryPageOfJobsAndTheLineage() {
        answers.add(new Answer(200, "{\"items\":[" + job(1) + "],\"nextAfter\":1}"));
        answers.add(new Answer(200, "{\"items\":[" + job(2) + "],\"nextAfter\":null}"));
        answers.add(new Answer(200, """
                {"granule":140,"direction":"inputs","granules":[{"granule":18,"esdt":"OMTO3","fileName":"a.he5","job":33,"pge":"OMTO3d-demo","depth":1}]}
                """));

        List<Job> jobs = planner.jobs("OMTO3-demo", "succeeded");
        Lineage lineage = planner.inputsOf(140);

        assertThat(jobs).extracting(Job::id).containsExactly(1L, 2L);
        assertThat(received.get(0).pathAndQuery()).isEqualTo("/jobs?pge=OMTO3-demo&state=succeeded&after=0&limit=1000");
        assertThat(received.get(1).pathAndQuery()).contains("after=1");
        assertThat(received.get(2).pathAndQuery()).isEqualTo("/lineage/140/inputs");
        assertThat(lineage.granules()).extracting(Lineage.Entry::esdt, Lineage.Entry::depth)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("OMTO3", 1));
    }

    @Test
    void aPlannerThatDoesNotAnswerIsARetriableFailure() {
        server.stop(0);

        assertThatThrownBy(() -> planner.job(1)).isInstanceOfSatisfying(PlannerException.class, failure -> {
            assertThat(failure.status()).isZero();
            assertThat(failure.retriable()).isTrue();
        });
    }

    private static String job(long id) {
        return "{\"id\":" + id + ",\"pge\":\"OMTO3-demo\",\"state\":\"succeeded\",\"orbit\":" + (1131 + id) + "}";
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Authorization"), body));
        Answer answer = answers.isEmpty() ? new Answer(500, "{}") : answers.poll();
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().putAll(Map.of("Content-Type", List.of(answer.status() >= 400 ? "application/problem+json" : "application/json")));
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
