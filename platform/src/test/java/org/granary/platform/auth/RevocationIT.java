package org.granary.platform.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
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

/**
 * Two instances of a service on one shared token database, each keeping checked tokens for an
 * hour: a revocation through one reaches the other within seconds, and still at once while the
 * other's revocation listener has lost its connection.
 */
class RevocationIT {
    private static final Duration FEW_SECONDS = Duration.ofSeconds(5);

    @TempDir
    static Path home;
    private static String authDatabase;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static String admin;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private record Token(long id, String secret) {
    }

    @BeforeAll
    static void startTwoInstances() throws Exception {
        authDatabase = TemporaryPostgres.freshDatabase("revocation_auth");
        first = start("first", "--granary.auth.admin-token-file=" + home.resolve("admin-token"));
        second = start("second");
        admin = Files.readString(home.resolve("admin-token")).strip();
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    @Test
    void aTokenRevokedThroughOneInstanceIsRefusedByTheOtherLongBeforeItsCacheWouldForgetIt() throws Exception {
        awaitListening(second);
        Token token = createScientist("revoked through the first");
        assertThat(writeNote(second, token).statusCode()).as("checked, and now cached, by the second").isEqualTo(201);

        assertThat(revoke(first, token).statusCode()).isEqualTo(200);

        await("the second refuses the revoked token", () -> writeNote(second, token).statusCode() == 401);
    }

    @Test
    void theSecondInstanceAnswersFromItsCacheSoOnlyTheNoticeCanStopARevokedToken() throws Exception {
        awaitListening(second);
        Token token = createScientist("revoked behind the services' backs");
        assertThat(writeNote(second, token).statusCode()).isEqualTo(201);

        try (Connection connection = DriverManager.getConnection(authDatabase);
                PreparedStatement revoke = connection.prepareStatement("UPDATE granary_auth.token SET revoked_at = now() WHERE id = ?")) {
            revoke.setLong(1, token.id());
            assertThat(revoke.executeUpdate()).isEqualTo(1);
        }

        assertThat(writeNote(second, token).statusCode()).as("a revocation sent without its notice is not seen for the hour").isEqualTo(201);
    }

    @Test
    void whileTheListenerHasLostItsConnectionARevocationIsStillRefusedAtOnce() throws Exception {
        RevocationListener listener = second.getBean(RevocationListener.class);
        awaitListening(second);
        Token token = createScientist("revoked while the second is deaf");
        assertThat(writeNote(second, token).statusCode()).isEqualTo(201);
        int killed = listener.backendPid().orElseThrow();

        try (Connection connection = DriverManager.getConnection(authDatabase);
                PreparedStatement kill = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
            kill.setInt(1, killed);
            kill.execute();
        }
        await("the second notices that its listener's connection is gone", () -> listener.backendPid().orElse(0) != killed);
        assertThat(revoke(first, token).statusCode()).isEqualTo(200);

        assertThat(writeNote(second, token).statusCode()).as("refused at once, without waiting for the listener").isEqualTo(401);

        awaitListening(second);
        assertThat(listener.backendPid().orElseThrow()).as("listens again on a new connection").isNotEqualTo(killed);
        Token next = createScientist("revoked after the listener came back");
        assertThat(writeNote(second, next).statusCode()).isEqualTo(201);
        assertThat(revoke(first, next).statusCode()).isEqualTo(200);
        await("the second hears revocations again", () -> writeNote(second, next).statusCode() == 401);
    }

    private static ConfigurableApplicationContext start(String name, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + TemporaryPostgres.freshDatabase("revocation_" + name),
                "--granary.database.component=notes",
                "--granary.auth.database-url=" + authDatabase,
                "--granary.auth.cache-ttl=1h",
                // a long heartbeat: on a busy machine a slow check must not make the cache look unused
                "--granary.auth.revocation-heartbeat=5s",
                "--logging.structured.format.console="));
        arguments.addAll(List.of(more));
        return GranaryApplication.run(SampleApplication.class, arguments.toArray(String[]::new));
    }

    private static void awaitListening(ConfigurableApplicationContext instance) throws InterruptedException {
        RevocationListener listener = instance.getBean(RevocationListener.class);
        await("the revocation listener listens", listener::trusted);
    }

    private Token createScientist(String label) throws Exception {
        HttpResponse<String> created = send(first, "/admin/tokens", admin, HttpRequest.newBuilder()
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"scientist\",\"label\":\"" + label + "\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode token = json.readTree(created.body());
        return new Token(token.get("id").asLong(), token.get("token").asString());
    }

    private HttpResponse<String> writeNote(ConfigurableApplicationContext instance, Token token) {
        try {
            return send(instance, "/notes", token.secret(), HttpRequest.newBuilder()
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"by token " + token.id() + "\"}")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> revoke(ConfigurableApplicationContext instance, Token token) throws Exception {
        return send(instance, "/admin/tokens/" + token.id(), admin, HttpRequest.newBuilder().DELETE());
    }

    private HttpResponse<String> send(ConfigurableApplicationContext instance, String path, String token, HttpRequest.Builder request)
            throws Exception {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        return http.send(request.uri(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(FEW_SECONDS);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + FEW_SECONDS.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
