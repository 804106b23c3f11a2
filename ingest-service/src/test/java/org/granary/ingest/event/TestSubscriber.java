package org.granary.ingest.event;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A subscriber's endpoint for tests: a real HTTP server on 127.0.0.1 that keeps what it receives,
 * runs a test's hook before answering (to hold the answer back), then answers 204.
 */
final class TestSubscriber implements AutoCloseable {
    /** What a POST brought. */
    record Received(String eventId, String body) {
    }

    /** Runs when a request has been received, before it is answered. */
    @FunctionalInterface
    interface BeforeAnswering {
        void run(Received received) throws InterruptedException;
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private TestSubscriber(HttpServer server) {
        this.server = server;
    }

    static TestSubscriber listen(int port, BeforeAnswering beforeAnswering) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        TestSubscriber subscriber = new TestSubscriber(server);
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

    static TestSubscriber listen(int port) throws IOException {
        return listen(port, request -> { });
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/events";
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
