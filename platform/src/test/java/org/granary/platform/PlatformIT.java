package org.granary.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.granary.platform.application.GranaryApplication;
import org.granary.platform.sample.SampleApplication;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A real service on a real port and a real PostgreSQL, called over real HTTP. */
class PlatformIT {
    @TempDir
    static Path home;
    private static ConfigurableApplicationContext service;
    private static String baseUrl;
    private static String adminToken;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startService() throws Exception {
        service = GranaryApplication.run(SampleApplication.class,
                "--server.port=0",
                "--spring.datasource.url=" + TemporaryPostgres.freshDatabase("platform_it"),
                "--granary.database.component=notes",
                "--granary.auth.admin-token-file=" + home.resolve("secrets/admin-token"),
                "--logging.structured.format.console=");
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        baseUrl = "http://127.0.0.1:" + port;
        adminToken = Files.readString(home.resolve("secrets/admin-token")).strip();
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @Test
    void firstStartWritesAnAdminTokenOnlyItsOwnerCanRead() throws Exception {
        Path file = home.resolve("secrets/admin-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(adminToken).startsWith("granary_").hasSizeGreaterThan(40);
        JsonNode identity = json.readTree(get("/auth/whoami", adminToken).body());
        assertThat(identity.get("role").asString()).isEqualTo("admin");
    }

    @Test
    void aWriteWithoutATokenIs401AndChangesNothing() throws Exception {
        HttpResponse<String> response = post("/notes", "{\"text\":\"sneaky\"}", null);

        assertProblem(response, 401, "unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"granary\"");
        assertThat(get("/notes", null).body()).doesNotContain("sneaky");
    }

    @Test
    void aWriteWithBadJsonAndNoTokenIsStill401() throws Exception {
        assertProblem(post("/notes", "{not json", null), 401, "unauthenticated");
    }

    @Test
    void aWriteWithAnUnknownTokenIs401() throws Exception {
        assertProblem(post("/notes", "{\"text\":\"forged\"}", "granary_forged"), 401, "unauthenticated");
        assertThat(get("/notes", null).body()).doesNotContain("forged");
    }

    @Test
    void aWriteWithTheWrongRoleIs403AndChangesNothing() throws Exception {
        String station = createToken("station", "ground station Svalbard");

        HttpResponse<String> response = post("/notes", "{\"text\":\"from a station\"}", station);

        assertProblem(response, 403, "forbidden");
        assertThat(json.readTree(response.body()).get("detail").asString()).contains("station").contains("scientist");
        assertThat(get("/notes", null).body()).doesNotContain("from a station");
    }

    @Test
    void badJsonWithTheRightRoleIsAProblem400AndChangesNothing() throws Exception {
        String scientist = createToken("scientist", "ozone team");
        String before = get("/notes", null).body();

        HttpResponse<String> malformed = post("/notes", "{\"text\": ", scientist);
        HttpResponse<String> missingField = post("/notes", "{}", scientist);

        assertProblem(malformed, 400, "malformed-request");
        assertThat(json.readTree(malformed.body()).get("detail").asString()).contains("not valid JSON").doesNotContain("at org.");
        assertProblem(missingField, 400, "malformed-request");
        assertThat(json.readTree(missingField.body()).get("detail").asString()).contains("text is required");
        assertThat(get("/notes", null).body()).isEqualTo(before);
    }

    @Test
    void theRightRoleWritesAndAdminMayToo() throws Exception {
        String scientist = createToken("scientist", "aerosol team");

        HttpResponse<String> byScientist = post("/notes", "{\"text\":\"first light\"}", scientist);
        HttpResponse<String> byAdmin = post("/notes", "{\"text\":\"admin note\"}", adminToken);

        assertThat(byScientist.statusCode()).isEqualTo(201);
        assertThat(json.readTree(byScientist.body()).get("by").asString()).isEqualTo("aerosol team");
        assertThat(byAdmin.statusCode()).isEqualTo(201);
        assertThat(get("/notes", null).body()).contains("first light", "admin note");
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() throws Exception {
        HttpResponse<String> created = post("/admin/tokens", "{\"role\":\"scientist\",\"label\":\"short-lived\"}", adminToken);
        JsonNode token = json.readTree(created.body());
        String secret = token.get("token").asString();
        // Used once first, so that the service has it among its recently checked tokens.
        assertThat(post("/notes", "{\"text\":\"in time\"}", secret).statusCode()).isEqualTo(201);

        HttpResponse<String> revoked = send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/tokens/" + token.get("id").asLong()))
                .header("Authorization", "Bearer " + adminToken).DELETE());
        HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/tokens/" + token.get("id").asLong()))
                .header("Authorization", "Bearer " + adminToken).DELETE());

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(json.readTree(revoked.body()).get("revokedAt").isNull()).isFalse();
        assertThat(again.statusCode()).isEqualTo(200);
        assertProblem(post("/notes", "{\"text\":\"too late\"}", secret), 401, "unauthenticated");
    }

    @Test
    void tokensAreStoredHashedAndListedWithoutSecrets() throws Exception {
        String secret = createToken("operator", "night shift");
        var dataSource = service.getBean(javax.sql.DataSource.class);
        try (var connection = dataSource.getConnection();
                var rows = connection.createStatement().executeQuery("SELECT secret_sha256 FROM granary_auth.token")) {
            while (rows.next()) {
                assertThat(rows.getString(1)).hasSize(64).isNotEqualTo(secret).doesNotContain(secret);
            }
        }
        String listing = get("/admin/tokens?limit=500", adminToken).body();
        assertThat(listing).contains("night shift").doesNotContain(secret).doesNotContain("granary_");
    }

    @Test
    void onlyAdminsManageTokens() throws Exception {
        String operator = createToken("operator", "day shift");

        assertProblem(post("/admin/tokens", "{\"role\":\"admin\",\"label\":\"escalation\"}", operator), 403, "forbidden");
        assertProblem(post("/admin/tokens", "{\"role\":\"pilot\",\"label\":\"x\"}", adminToken), 400, "malformed-request");
        assertThat(get("/admin/tokens?limit=500", adminToken).body()).doesNotContain("escalation");
    }

    @Test
    void servesHealthPrometheusAndOpenApi() throws Exception {
        assertThat(get("/actuator/health", null).body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/prometheus", null).body()).contains("jvm_memory_used_bytes");
        assertThat(get("/v3/api-docs", null).body()).contains("/admin/tokens").contains("/notes");
    }

    @Test
    void theOpenApiDescriptionDeclaresTheBearerSchemeAndTheRolesOfEachOperation() throws Exception {
        JsonNode api = json.readTree(get("/v3/api-docs", null).body());

        JsonNode scheme = api.at("/components/securitySchemes/bearer");
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        JsonNode write = api.at("/paths/~1notes/post");
        assertThat(write.get("security").toString()).isEqualTo("[{\"bearer\":[]}]");
        assertThat(write.get("x-granary-roles").toString()).isEqualTo("[\"scientist\",\"admin\"]");
        assertThat(write.get("description").asString()).contains("Needs a bearer token of role scientist or admin.");
        assertThat(write.at("/responses/401").isMissingNode()).isFalse();
        assertThat(write.at("/responses/403").isMissingNode()).isFalse();
        JsonNode openRead = api.at("/paths/~1notes/get");
        assertThat(openRead.isMissingNode()).isFalse();
        assertThat(openRead.has("security")).isFalse();
        assertThat(openRead.has("x-granary-roles")).isFalse();
        JsonNode whoami = api.at("/paths/~1auth~1whoami/get");
        assertThat(whoami.get("security").toString()).as("any token will do").isEqualTo("[{\"bearer\":[]}]");
        assertThat(whoami.toString()).as("the caller comes from the token, not from a parameter").doesNotContain("\"caller\"");
        assertThat(api.at("/paths/~1admin~1tokens/post/x-granary-roles").toString()).isEqualTo("[\"admin\"]");
    }

    @Test
    void aServiceTokenIsLabelledWithTheNameOfAService() throws Exception {
        HttpResponse<String> service = post("/admin/tokens", "{\"role\":\"service\",\"label\":\"ingest-service\"}", adminToken);
        HttpResponse<String> unknown = post("/admin/tokens", "{\"role\":\"service\",\"label\":\"ingest\"}", adminToken);

        assertThat(service.statusCode()).isEqualTo(201);
        JsonNode identity = json.readTree(get("/auth/whoami", json.readTree(service.body()).get("token").asString()).body());
        assertThat(identity.get("role").asString()).isEqualTo("service");
        assertThat(identity.get("label").asString()).isEqualTo("ingest-service");
        assertProblem(unknown, 400, "invalid-request");
        assertThat(json.readTree(unknown.body()).get("detail").asString()).contains("ingest-service", "archive-store", "planner");
        assertThat(get("/admin/tokens?limit=500", adminToken).body()).doesNotContain("\"label\":\"ingest\"");
    }

    @Test
    void requestsAreServedOnPlatformThreads() throws Exception {
        var thread = json.readTree(get("/request-thread", null).body());
        assertThat(thread.get("virtual").asBoolean()).as("served by %s", thread.get("name")).isFalse();
        assertThat(thread.get("name").asString()).startsWith("http-nio-");
    }

    @Test
    void requestBodiesAreReadFromTheSocket64KiBAtATime() {
        var tomcat = (org.springframework.boot.tomcat.TomcatWebServer) ((WebServerApplicationContext) service).getWebServer();

        assertThat(String.valueOf(tomcat.getTomcat().getConnector().getProperty("socket.appReadBufSize"))).isEqualTo("65536");
    }

    @Test
    void unknownPathsAreProblemsToo() throws Exception {
        assertProblem(get("/no/such/thing", null), 404, "not-found");
    }

    private String createToken(String role, String label) throws Exception {
        HttpResponse<String> response = post("/admin/tokens", "{\"role\":\"" + role + "\",\"label\":\"" + label + "\"}", adminToken);
        assertThat(response.statusCode()).isEqualTo(201);
        return json.readTree(response.body()).get("token").asString();
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
