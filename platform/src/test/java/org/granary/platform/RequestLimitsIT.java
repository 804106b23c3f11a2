package org.granary.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.granary.platform.RawHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker would send to exhaust a service, against the sample service in a JVM of its own
 * whose heap (128 MiB) could not hold what is sent: hundreds of connections whose bodies never
 * come, and bodies of 50 MB. Each is refused with a problem before its body is read, no request
 * thread is left waiting for one beyond a caller's share, and health answers all along.
 */
class RequestLimitsIT {
    private static final int CONNECTIONS = 300;
    private static final int BODIES_PER_CALLER = 16;
    private static final int ONE_MIB = 1 << 20;
    private static final int FIFTY_MB = 50_000_000;
    private static final Duration HEALTH_CLIENT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration ANSWERS_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern COMPLAINT = Pattern.compile("\\b(WARN|ERROR)\\b");

    @TempDir
    static Path home;
    private static SampleService service;
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startService() throws Exception {
        // A body a handler waits for ends at the read timeout: long enough that none ends during a test.
        service = SampleService.inOwnJvm(home, "request_limits",
                List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
                "--server.tomcat.connection-timeout=120s");
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @AfterEach
    void theServiceSurvivedWithoutComplaint() throws IOException {
        readers.shutdownNow();
        assertThat(service.alive()).as("the sample service is running").isTrue();
        assertThat(service.output()).doesNotContain("OutOfMemoryError");
        assertThat(service.output().lines().filter(line -> line.contains("-exec-") && COMPLAINT.matcher(line).find()))
                .as("warnings and errors of request threads: refusals and clients that went away are no incidents").isEmpty();
    }

    @Test
    void uploadsWithoutATokenWhoseBodiesNeverComeAreAllRefusedWhileHealthAnswers() throws Exception {
        List<Socket> connections = stalledBodies("PUT /blobs/never", "application/octet-stream", null);
        try {
            for (Future<Answer> answer : readAnswers(connections)) {
                assertProblem(answer.get(ANSWERS_TIMEOUT.toSeconds(), TimeUnit.SECONDS), 401, "unauthenticated");
            }
            assertThat(service.health(HEALTH_CLIENT_TIMEOUT)).isEqualTo(200);
        } finally {
            closeAll(connections);
        }
    }

    @Test
    void uploadsOfOneTokenWhoseBodiesNeverComeGet429BeyondItsShareWhileHealthAnswers() throws Exception {
        String token = service.createToken("scientist", "a station that stalls");
        List<Socket> connections = stalledBodies("PUT /blobs/stalled", "application/octet-stream", token);
        try {
            List<Future<Answer>> answers = readAnswers(connections);
            List<Answer> refused = awaitAnswers(answers, CONNECTIONS - BODIES_PER_CALLER);

            assertThat(refused).allSatisfy(answer -> {
                assertProblem(answer, 429, "too-many-requests");
                assertThat(answer.header("Retry-After")).isNotBlank();
            });
            assertThat(service.health(HEALTH_CLIENT_TIMEOUT)).isEqualTo(200);
            assertThat(answers.stream().filter(Future::isDone).count())
                    .as("the token's share of bodies is still being waited for").isEqualTo(CONNECTIONS - BODIES_PER_CALLER);
        } finally {
            closeAll(connections);
        }
        Await.until("the token's stalled uploads ended and freed its share", ANSWERS_TIMEOUT,
                () -> smallUpload(token).status() == 200);
    }

    @Test
    void anonymousQueriesWhoseBodiesNeverComeGet429BeyondTheAddressShareWhileHealthAnswers() throws Exception {
        List<Socket> connections = stalledBodies("POST /queries", "application/json", null);
        try {
            List<Future<Answer>> answers = readAnswers(connections);
            List<Answer> refused = awaitAnswers(answers, CONNECTIONS - BODIES_PER_CALLER);

            assertThat(refused).allSatisfy(answer -> assertProblem(answer, 429, "too-many-requests"));
            assertThat(service.health(HEALTH_CLIENT_TIMEOUT)).isEqualTo(200);
        } finally {
            resetAll(connections);
        }
        Await.until("the address's stalled queries ended and freed its share", ANSWERS_TIMEOUT,
                () -> smallQuery().status() == 200);
    }

    @Test
    void fiftyMegabyteBodiesAreRefusedUnreadWhateverTheirTypeAndFraming() throws Exception {
        List<Future<Answer>> declared = List.of(
                oversized("application/json", false), oversized(null, false), oversized("application/x-www-form-urlencoded", false));
        List<Future<Answer>> chunked = List.of(
                oversized("application/json", true), oversized("application/json; charset=utf-8", true), oversized(null, true));

        for (Future<Answer> answer : declared) {
            assertProblem(answer.get(ANSWERS_TIMEOUT.toSeconds(), TimeUnit.SECONDS), 413, "payload-too-large");
        }
        assertProblem(chunked.get(0).get(ANSWERS_TIMEOUT.toSeconds(), TimeUnit.SECONDS), 413, "payload-too-large");
        assertProblem(chunked.get(1).get(ANSWERS_TIMEOUT.toSeconds(), TimeUnit.SECONDS), 413, "payload-too-large");
        // Without a content type the JSON handler cannot take the body at all: refused after its first byte.
        assertProblem(chunked.get(2).get(ANSWERS_TIMEOUT.toSeconds(), TimeUnit.SECONDS), 415, "unsupported-media-type");
        assertThat(service.health(HEALTH_CLIENT_TIMEOUT)).isEqualTo(200);
        assertThat(smallQuery().status()).isEqualTo(200);
    }

    @Test
    void aBodyAnnouncedWithExpectContinueIsRefusedBeforeItIsSentAndAskedForOnlyWhenItIsRead() throws Exception {
        String token = service.createToken("scientist", "a careful client");
        String expect = "Expect: 100-continue";

        assertProblem(headOnly("POST /queries", "Content-Type: application/json", "Content-Length: " + FIFTY_MB, expect), 413,
                "payload-too-large");
        assertProblem(headOnly("PUT /blobs/unsigned", "Content-Length: " + FIFTY_MB, expect), 401, "unauthenticated");

        try (Socket socket = RawHttp.connect(service.port())) {
            RawHttp.sendHead(socket, "PUT /blobs/wanted HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
                    "Authorization: Bearer " + token, "Content-Length: 2", expect);
            assertThat(RawHttp.read(socket).status()).as("the handler reads the body: the client is asked for it").isEqualTo(100);
            RawHttp.send(socket, "{}".getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.read(socket).status()).isEqualTo(200);
        }
    }

    /**
     * Sends only the head of a request that announces its body with {@code Expect: 100-continue},
     * as curl does from 1 MiB, and reads the first answer: a refusal, never a {@code 100 Continue}
     * that would ask for a body the service then refuses (and closes the connection on while it is
     * still coming, which a client may see as a reset instead of the answer).
     */
    private static Answer headOnly(String requestLine, String... headers) throws IOException {
        List<String> head = new ArrayList<>(List.of(requestLine + " HTTP/1.1", "Host: 127.0.0.1"));
        head.addAll(List.of(headers));
        try (Socket socket = RawHttp.connect(service.port())) {
            RawHttp.sendHead(socket, head.toArray(String[]::new));
            return RawHttp.read(socket);
        }
    }

    /** Connections that each send the head of a 1 MiB body (and its first bytes) and then nothing. */
    private List<Socket> stalledBodies(String requestLine, String contentType, String token) throws IOException {
        List<Socket> connections = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket socket = RawHttp.connect(service.port());
                connections.add(socket);
                List<String> head = new ArrayList<>(List.of(requestLine + " HTTP/1.1", "Host: 127.0.0.1",
                        "Content-Type: " + contentType, "Content-Length: " + ONE_MIB));
                if (token != null) {
                    head.add("Authorization: Bearer " + token);
                }
                RawHttp.sendHead(socket, head.toArray(String[]::new));
                RawHttp.send(socket, "{\"a\":".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            closeAll(connections);
            throw e;
        }
        return connections;
    }

    private List<Future<Answer>> readAnswers(List<Socket> connections) {
        return connections.stream().map(socket -> readers.submit(() -> RawHttp.read(socket))).toList();
    }

    private static List<Answer> awaitAnswers(List<Future<Answer>> answers, int count) throws Exception {
        Await.until(count + " answers", ANSWERS_TIMEOUT, () -> answers.stream().filter(Future::isDone).count() >= count);
        List<Answer> done = new ArrayList<>();
        for (Future<Answer> answer : answers) {
            if (answer.isDone()) {
                done.add(answer.get());
            }
        }
        return done;
    }

    /** Sends 50 MB of a JSON string (declared or in 64 KiB chunks) while the answer is read. */
    private Future<Answer> oversized(String contentType, boolean chunked) throws IOException {
        Socket socket = RawHttp.connect(service.port());
        List<String> head = new ArrayList<>(List.of("POST /queries HTTP/1.1", "Host: 127.0.0.1",
                chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + FIFTY_MB));
        if (contentType != null) {
            head.add("Content-Type: " + contentType);
        }
        RawHttp.sendHead(socket, head.toArray(String[]::new));
        readers.execute(() -> writeFiftyMegabytes(socket, chunked));
        return readers.submit(() -> {
            try (socket) {
                return RawHttp.read(socket);
            }
        });
    }

    /** Writes until done or until the service closes the connection, as a client streaming a file would. */
    private static void writeFiftyMegabytes(Socket socket, boolean chunked) {
        byte[] piece = new byte[64 << 10];
        Arrays.fill(piece, (byte) 'a');
        piece[0] = '"';
        try {
            OutputStream out = socket.getOutputStream();
            for (int sent = 0; sent < FIFTY_MB; sent += piece.length) {
                int length = Math.min(piece.length, FIFTY_MB - sent);
                if (chunked) {
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(piece, 0, length);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                piece[0] = 'a';
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException refusedAndClosed) {
            // the service answered and closed the connection: the rest of the body is not wanted
        }
    }

    private Answer smallUpload(String token) throws IOException {
        return withBody("{}", "PUT /blobs/small HTTP/1.1", "Authorization: Bearer " + token);
    }

    private Answer smallQuery() throws IOException {
        return withBody("{}", "POST /queries HTTP/1.1", "Content-Type: application/json");
    }

    private Answer withBody(String body, String requestLine, String header) throws IOException {
        try (Socket socket = RawHttp.connect(service.port())) {
            RawHttp.sendHead(socket, requestLine, "Host: 127.0.0.1", "Connection: close", header, "Content-Length: " + body.length());
            RawHttp.send(socket, body.getBytes(StandardCharsets.US_ASCII));
            return RawHttp.read(socket);
        }
    }

    private void assertProblem(Answer answer, int status, String code) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("fault").asString()).isEqualTo("caller");
    }

    /** Goes away as a client that crashed would: the connections are reset, not closed. */
    private static void resetAll(List<Socket> connections) throws IOException {
        for (Socket socket : connections) {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        }
        closeAll(connections);
    }

    private static void closeAll(List<Socket> connections) {
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing what the service may have closed already
            }
        }
    }
}
