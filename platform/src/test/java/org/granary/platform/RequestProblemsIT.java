package org.granary.platform;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.granary.platform.RawHttp.Answer;
import org.granary.platform.sample.SampleApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.tomcat.TomcatWebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that the servlet container, the request mapping or the database refuse: every refusal
 * is problem+json with a stable code, never Tomcat's HTML page; and no body is ever read as a form.
 */
class RequestProblemsIT {
    @TempDir
    static Path home;
    private static SampleService service;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startService() {
        service = SampleService.inThisJvm(home, "request_problems");
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/notes/%2e%2e%2fnotes", "/notes/%00", "/notes/%zz", "/notes/a%2fb", "/notes search"})
    void requestLinesTomcatCannotReadAreProblems(String target) throws Exception {
        Answer answer = RawHttp.exchange(service.port(), "GET " + target + " HTTP/1.1", "Host: 127.0.0.1");

        assertProblem(answer, 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../notes", "/notes/../notes", "/notes/./search", "/notes/%2e%2e/notes", "/notes/%2E/search",
            "/notes/..;x=1/notes", "/notes/..%2fnotes"})
    void pathsWithDotSegmentsAreInvalidRequests(String target) throws Exception {
        Answer answer = RawHttp.exchange(service.port(), "GET " + target + " HTTP/1.1", "Host: 127.0.0.1");

        assertThat(assertProblem(answer, 400).get("code").asString()).isEqualTo("invalid-request");
        assertThat(json.readTree(answer.body()).get("detail").asString()).contains("'.' or '..' segment");
    }

    @Test
    void aWriteToAPathWithDotSegmentsIsRefusedBeforeItsHandler() throws Exception {
        String scientist = service.createToken("scientist", "dots");
        try (Socket socket = RawHttp.connect(service.port())) {
            RawHttp.sendHead(socket, "POST /queries/../notes HTTP/1.1", "Host: 127.0.0.1", "Authorization: Bearer " + scientist,
                    "Content-Type: application/json", "Content-Length: 21");
            RawHttp.send(socket, "{\"text\":\"dot-sneaky\"}".getBytes(StandardCharsets.US_ASCII));

            assertThat(assertProblem(RawHttp.read(socket), 400).get("code").asString()).isEqualTo("invalid-request");
        }
        assertThat(http.send(HttpRequest.newBuilder(URI.create(service.url("/notes"))).build(),
                HttpResponse.BodyHandlers.ofString()).body()).doesNotContain("dot-sneaky");
    }

    @Test
    void headersLargerThanTheServiceAcceptsAre431() throws Exception {
        Answer answer = RawHttp.exchange(service.port(), "GET /notes HTTP/1.1", "Host: 127.0.0.1", "X-Filler: " + "a".repeat(10 * 1024));

        assertThat(assertProblem(answer, 431).get("code").asString()).isEqualTo("headers-too-large");
    }

    @Test
    void unknownPathsAndTheErrorPageItselfAre404Problems() throws Exception {
        Answer unknown = RawHttp.exchange(service.port(), "GET /static/index.html HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
                "Accept: text/html");
        Answer errorPage = RawHttp.exchange(service.port(), "POST /error HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
                "Content-Length: 0");

        assertThat(assertProblem(unknown, 404).get("code").asString()).isEqualTo("not-found");
        assertThat(assertProblem(errorPage, 404).get("code").asString()).isEqualTo("not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text=a%00b", "since=%2B300000-01-01T00:00:00Z", "limit=100000000000000000000"})
    void valuesTheDatabaseCannotHoldOrCompareAre400(String query) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.url("/notes/search?" + query))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("code").asString()).isEqualTo("invalid-request");
        assertThat(problem.get("detail").asString()).startsWith("a value of the request cannot be stored or compared: ")
                .endsWith("; nothing was changed").doesNotContain("SELECT");
    }

    @Test
    void binaryBodiesSentAsFormsReachTheirHandlersWhole() throws Exception {
        String scientist = service.createToken("scientist", "curl --data-binary");
        byte[] body = binaryWithFormSeparators();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(service.url("/blobs/form?name=x")))
                .header("Authorization", "Bearer " + scientist).header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(service.url("/digests?from=query")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(put, post)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json.readTree(response.body()).get("sha256").asString()).isEqualTo(sha256);
            assertThat(json.readTree(response.body()).get("bytes").asLong()).isEqualTo(body.length);
        }
        assertThat(json.readTree(post.body()).get("parameters").toString()).isEqualTo("[\"from\"]");
    }

    @Test
    void failuresInFiltersAreProblemsToo() throws Exception {
        HttpResponse<String> refused = failingInFilter("refusal");
        HttpResponse<String> bug = failingInFilter("bug");
        HttpResponse<String> sentError = failingInFilter("send-error");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json.readTree(refused.body()).get("detail").asString()).isEqualTo("refused by a filter");
        assertThat(bug.statusCode()).isEqualTo(500);
        JsonNode incident = json.readTree(bug.body());
        assertThat(incident.get("code").asString()).isEqualTo("internal");
        assertThat(incident.get("incident").asString()).isNotBlank();
        assertThat(bug.body()).doesNotContain("a filter's bug");
        assertThat(sentError.statusCode()).isEqualTo(403);
        assertThat(json.readTree(sentError.body()).get("code").asString()).isEqualTo("forbidden");
        for (HttpResponse<String> response : List.of(refused, bug, sentError)) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json.readTree(response.body()).get("instance").asString()).isEqualTo("/notes");
        }
    }

    @Test
    void theConnectorBoundsConnectionsReadsWithATimeoutAndParsesNoForms() {
        var connector = ((TomcatWebServer) service.webServer()).getTomcat().getConnector();

        assertThat(connector.getProperty("maxConnections")).isEqualTo(2000);
        assertThat(connector.getProperty("acceptCount")).isEqualTo(100);
        assertThat(connector.getProperty("connectionTimeout")).isEqualTo(20_000);
        assertThat(connector.getParseBodyMethods()).isEmpty();
    }

    private HttpResponse<String> failingInFilter(String how) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(service.url("/notes")))
                .header(SampleApplication.FAIL_IN_FILTER_HEADER, how).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every byte value, and what a form parser would split on or decode: {@code = & + %}. */
    private static byte[] binaryWithFormSeparators() {
        byte[] body = new byte[4096 + 16];
        for (int i = 0; i < 4096; i++) {
            body[i] = (byte) i;
        }
        System.arraycopy("a=b&c=%00+d&e=f".getBytes(StandardCharsets.US_ASCII), 0, body, 4096, 15);
        return body;
    }

    private JsonNode assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as("content type of %s", answer).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContain("<html").doesNotContain("Exception");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asString()).isNotBlank();
        assertThat(problem.get("fault").asString()).isEqualTo("caller");
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }
}
