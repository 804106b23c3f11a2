package org.granary.ingest.event;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.granary.platform.outbound.HostResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery client against a real HTTP server: what counts as delivered, and what as a failed attempt. */
class CallbackClientIT {
    private HttpServer server;
    private CallbackClient client;
    private final Map<String, String> headers = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/created", exchange -> {
            headers.put("Granary-Event-Id", exchange.getRequestHeaders().getFirst("Granary-Event-Id"));
            headers.put("Content-Type", exchange.getRequestHeaders().getFirst("Content-Type"));
            headers.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, 201, "{\"ok\":true}");
        });
        server.createContext("/unavailable", exchange -> answer(exchange, 503, "try later"));
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/created");
            answer(exchange, 302, "");
        });
        server.createContext("/silent", exchange -> pause(exchange, Duration.ofSeconds(5)));
        server.createContext("/trickle", CallbackClientIT::trickle);
        server.start();
        EventsProperties properties = new EventsProperties(3, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMinutes(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 4, 8, Duration.ofDays(30), Duration.ofHours(1), List.of("127.0.0.1"));
        CallbackPolicy policy = new CallbackPolicy(properties.callbackAllowList(),
                new OwnServices(HostResolver.SYSTEM, List::of), HostResolver.SYSTEM);
        client = new CallbackClient(properties, policy);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.stop(0);
    }

    @Test
    void anyTwoHundredAnswerIsADeliveryOfTheEventAsJsonWithItsId() {
        assertThat(send("/created", 42)).isEqualTo(SendResult.success());
        assertThat(headers).containsEntry("Granary-Event-Id", "42").containsEntry("body", "{\"type\":\"granule-archived\"}");
        assertThat(headers.get("Content-Type")).startsWith("application/json");
    }

    @Test
    void anotherStatusOrARedirectIsAFailedAttempt() {
        assertThat(send("/unavailable", 1)).isEqualTo(SendResult.failure("answered 503"));
        assertThat(send("/moved", 2)).isEqualTo(SendResult.failure("answered 302"));
        assertThat(headers).as("the redirect was not followed").isEmpty();
    }

    @Test
    void noAnswerWithinTheResponseTimeoutIsAFailedAttempt() {
        SendResult result = send("/silent", 3);

        assertThat(result.delivered()).isFalse();
        assertThat(result.error()).contains("SocketTimeoutException");
    }

    @Test
    void anAnswerTrickledPastTheSendsDeadlineIsAborted() {
        assertThat(send("/trickle", 4)).isEqualTo(SendResult.failure("no answer within 2 s: aborted"));
    }

    @Test
    void aConnectionRefusedIsAFailedAttempt() throws IOException {
        int port = server.getAddress().getPort();
        server.stop(0);

        SendResult result = client.send(delivery("http://127.0.0.1:" + port + "/created", 5));

        assertThat(result.delivered()).isFalse();
        assertThat(result.error()).contains("Connection refused");
    }

    private SendResult send(String path, long eventId) {
        return client.send(delivery("http://127.0.0.1:" + server.getAddress().getPort() + path, eventId));
    }

    private static ClaimedDelivery delivery(String url, long eventId) {
        return new ClaimedDelivery(eventId, 1, eventId, 0, url, "{\"type\":\"granule-archived\"}", Instant.now().plusSeconds(60));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void pause(HttpExchange exchange, Duration duration) throws IOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answer(exchange, 204, "");
    }

    /** 200 with a body of 20 bytes, one every 500 ms: each within the response timeout, all together far beyond the deadline. */
    private static void trickle(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 20);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 20; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException closedByTheClient) {
            // the client aborted, as it should
        }
    }
}
