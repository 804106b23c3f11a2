package org.granary.ingest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A subscriber's endpoint for tests: a real HTTP server that keeps what it receives. */
final class Subscriber implements AutoCloseable {
    record Received(String eventId, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private Subscriber(HttpServer server) {
        this.server = server;
    }

    static Subscriber listen(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        Subscriber subscriber = new Subscriber(server);
        server.createContext("/events", exchange -> {
            subscriber.received.add(new Received(exchange.getRequestHeaders().getFirst("Granary-Event-Id"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return subscriber;
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
