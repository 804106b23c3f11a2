package org.granary.archive.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server that answers as a test scripts it, one status per request (the last one
 * repeated), and records what it was sent: a node that fails on cue.
 */
final class ScriptedNode implements AutoCloseable {
    /** One request as it arrived. */
    record Received(String method, String path, String authorization, String expect, String range, long bodyBytes) {
    }

    private final HttpServer server;
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final byte[] content;

    ScriptedNode(byte[] content, Integer... statuses) throws IOException {
        this.content = content;
        this.statuses.addAll(List.of(statuses));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    ClusterNode node() {
        return new ClusterNode("scripted", "http://127.0.0.1:" + server.getAddress().getPort(), 1, NodeState.ACTIVE);
    }

    List<Received> received() {
        return received;
    }

    private void answer(HttpExchange exchange) throws IOException {
        long bodyBytes;
        try (InputStream body = exchange.getRequestBody()) {
            bodyBytes = body.transferTo(java.io.OutputStream.nullOutputStream());
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Expect"),
                exchange.getRequestHeaders().getFirst("Range"), bodyBytes));
        int status;
        synchronized (statuses) {
            status = statuses.size() > 1 ? statuses.removeFirst() : statuses.getFirst();
        }
        exchange.getResponseHeaders().set(NodeClient.EPOCH_HEADER, "7");
        if (status == 200 && exchange.getRequestMethod().equals("GET")) {
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content);
        } else if (status >= 400) {
            byte[] problem = ("{\"code\":\"scripted\",\"detail\":\"answered " + status + " as scripted\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(status, problem.length);
            exchange.getResponseBody().write(problem);
        } else {
            exchange.sendResponseHeaders(status, -1);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
