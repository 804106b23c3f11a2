package org.granary.platform;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.granary.platform.RawHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies that stop arriving or end before their end, against a service whose read timeout is 1 s. */
class RequestTimeoutIT {
    @TempDir
    static Path home;
    private static SampleService service;
    private static String scientist;
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startService() throws Exception {
        service = SampleService.inThisJvm(home, "request_timeout", "--server.tomcat.connection-timeout=1s");
        scientist = service.createToken("scientist", "a slow uplink");
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @Test
    void aQueryWhoseBodyStopsArrivingIs408AndItsConnectionCloses() throws Exception {
        try (Socket socket = RawHttp.connect(service.port())) {
            RawHttp.sendHead(socket, "POST /queries HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json", "Content-Length: 100");
            RawHttp.send(socket, "{\"esdt\":".getBytes(StandardCharsets.US_ASCII));

            Answer answer = RawHttp.read(socket);

            JsonNode problem = assertProblem(answer, 408, "request-timeout");
            assertThat(problem.get("detail").asString()).contains("stopped arriving after 8 of 100 bytes");
            assertThat(answer.header("Connection")).isEqualTo("close");
            assertThat(RawHttp.closedByService(socket)).isTrue();
        }
    }

    @Test
    void aStreamedUploadWhoseBodyStopsArrivingIs408Too() throws Exception {
        try (Socket socket = RawHttp.connect(service.port())) {
            RawHttp.sendHead(socket, "PUT /blobs/slow HTTP/1.1", "Host: 127.0.0.1", "Authorization: Bearer " + scientist,
                    "Content-Length: 1000000");
            RawHttp.send(socket, new byte[1000]);

            Answer answer = RawHttp.read(socket);

            assertThat(assertProblem(answer, 408, "request-timeout").get("detail").asString())
                    .contains("after 1000 of 1000000 bytes");
            assertThat(RawHttp.closedByService(socket)).isTrue();
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutWaitingForTheBody() throws Exception {
        try (Socket socket = RawHttp.connect(service.port())) {
            RawHttp.sendHead(socket, "POST /queries HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
                    "Content-Length: " + (2 << 20));

            Answer answer = RawHttp.read(socket);

            // Had the body been awaited, the answer would be the read timeout's 408.
            assertProblem(answer, 413, "payload-too-large");
            assertThat(RawHttp.closedByService(socket)).isTrue();
        }
    }

    @Test
    void aBodyThatEndsBeforeItsContentLengthIs400() throws Exception {
        Answer answer = endedEarly("Content-Length: 100");

        assertThat(assertProblem(answer, 400, "malformed-request").get("detail").asString())
                .isEqualTo("the request body ended after 8 of 100 bytes");
    }

    @Test
    void aChunkedBodyThatEndsBeforeItsLastChunkIs400() throws Exception {
        Answer answer = endedEarly("Transfer-Encoding: chunked");

        assertThat(assertProblem(answer, 400, "malformed-request").get("detail").asString())
                .isEqualTo("the request body ended after 8 bytes, before its last chunk");
    }

    /** Sends 8 bytes of a body and closes its side of the connection, still reading the answer. */
    private static Answer endedEarly(String framing) throws IOException {
        try (Socket socket = RawHttp.connect(service.port())) {
            RawHttp.sendHead(socket, "POST /queries HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json", framing);
            String body = "{\"esdt\":";
            RawHttp.send(socket, (framing.startsWith("Transfer-Encoding") ? "8\r\n" + body + "\r\n" : body).getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            return RawHttp.read(socket);
        }
    }

    private JsonNode assertProblem(Answer answer, int status, String code) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("fault").asString()).isEqualTo("caller");
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }
}
