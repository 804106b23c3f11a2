package org.granary.dbmonitor.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A webhook receiver on a port of its own (the JDK's HTTP server): records every request, and answers 200 unless told otherwise. */
final class WebhookReceiver implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as it arrived, and what it was answered. */
    record Received(JsonNode body, String notificationId, String authorization, int answered) {
        String state() {
            return body.get("state").asString();
        }
    }

    private final HttpServer server;
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** The next requests are answered these statuses, one each, then 200 again. */
    void answerNext(Integer... statuses) {
        answers.addAll(List.of(statuses));
    }

    /** Its URL with a path, and a user and password when given ({@code user:password}). */
    String url(String userInfo, String path) {
        return "http://" + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The requests answered 2xx. */
    List<Received> delivered() {
        return received.stream().filter(request -> request.answered() / 100 == 2).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            Integer queued = answers.poll();
            int status = queued == null ? 200 : queued;
            received.add(new Received(JSON.readTree(text), exchange.getRequestHeaders().getFirst(WebhookClient.NOTIFICATION_ID_HEADER),
                    exchange.getRequestHeaders().getFirst("Authorization"), status));
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
