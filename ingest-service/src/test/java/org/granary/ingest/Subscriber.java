package org.granary.ingest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A subscriber's endpoint for ingest's tests: a real HTTP server on 127.0.0.1 that keeps what it
 * receives at {@code /events}, runs a test's hook before answering (to hold the answer back), then
 * answers 204. Requests are served on virtual threads, so a held answer delays no other.
 */
public final class Subscriber implements AutoCloseable {
    /** What a POST brought: its {@code Granary-Event-Id} and its body. */
    public record Received(String eventId, String body) {
        /** The id of the granule the event announces. */
        public long granuleId() {
            return RunningIngest.json(body).get("granule").get("id").asLong();
        }
    }

    /** Runs when a request has been received, before it is answered. */
    @FunctionalInterface
    public interface BeforeAnswering {
        void run(Received received) throws InterruptedException;
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private Subscriber(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code port} (0: any free port), running {@code beforeAnswering} on each request. */
    public static Subscriber listen(int port, BeforeAnswering beforeAnswering) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Subscriber subscriber = new Subscriber(server);
        server.createContext("/events", exchange -> {
            Received request = new Received(exchange.getRequestHeaders().getFirst("Granary-Event-Id"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            subscriber.received.add(request);
            try {
                beforeAnswering.run(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return subscriber;
    }

    /** Listens on {@code port} (0: any free port) and answers each request at once. */
    public static Subscriber listen(int port) throws IOException {
        return listen(port, request -> { });
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The callback URL to subscribe with. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/events";
    }

    /** Everything received so far, in arrival order. */
    public List<Received> received() {
        return received;
    }

    /** What was received for the given granules, in arrival order: a test's own events, whatever else arrives. */
    public List<Received> receivedFor(Collection<Long> granules) {
        return received.stream().filter(event -> granules.contains(event.granuleId())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
