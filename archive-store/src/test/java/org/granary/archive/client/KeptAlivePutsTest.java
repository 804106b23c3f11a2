package org.granary.archive.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small puts against real HTTP servers: the JDK's, and a raw socket for answers no server sends on purpose. */
class KeptAlivePutsTest {
    private static final byte[] CONTENT = "sixty-four kibibytes of ozone, give or take".getBytes(StandardCharsets.UTF_8);

    /** What the server saw of one request. */
    private record Received(String path, int clientPort, Map<String, List<String>> headers, byte[] body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final KeptAlivePuts puts = new KeptAlivePuts("secret", Duration.ofSeconds(2), Duration.ofSeconds(10));
    private HttpServer server;
    private final List<HttpServer> others = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        puts.close();
        if (server != null) {
            server.stop(0);
        }
        others.forEach(other -> other.stop(0));
    }

    @Test
    void aPutCarriesItsHeadersAndBodyAndTheNextOneReusesTheSocket() throws Exception {
        int port = serve(0, exchange -> answer(exchange, 201, "{\"created\":true}", "Granary-Cluster-Epoch", "7"));

        KeptAlivePuts.Answer first = puts.send(url(port, "/objects/abc"), Map.of("Granary-Cause", "ingest of x"), CONTENT).answer();
        KeptAlivePuts.Answer second = puts.send(url(port, "/objects/def"), Map.of(), CONTENT).answer();

        assertThat(first).isEqualTo(new KeptAlivePuts.Answer(201, "{\"created\":true}", "7"));
        assertThat(second.status()).isEqualTo(201);
        Received request = received.getFirst();
        assertThat(request.path()).isEqualTo("/objects/abc");
        assertThat(request.body()).isEqualTo(CONTENT);
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer secret");
        assertThat(request.headers().get("Granary-cause")).containsExactly("ingest of x");
        assertThat(request.headers().get("Content-type")).containsExactly("application/octet-stream");
        assertThat(received.get(1).clientPort()).as("kept alive").isEqualTo(request.clientPort());
    }

    @Test
    void requestsSentBeforeAnyAnswerIsReadAreAnsweredEach() throws Exception {
        int port = serve(0, exchange -> answer(exchange, 201, exchange.getRequestURI().getPath(), null, null));
        int other = new Listener(exchange -> answer(exchange, 200, "had it", null, null)).port;

        KeptAlivePuts.Sent toFirst = puts.send(url(port, "/objects/one"), Map.of(), CONTENT);
        KeptAlivePuts.Sent toSecond = puts.send(url(other, "/objects/one"), Map.of(), CONTENT);

        assertThat(toSecond.answer()).isEqualTo(new KeptAlivePuts.Answer(200, "had it", null));
        assertThat(toFirst.answer()).isEqualTo(new KeptAlivePuts.Answer(201, "/objects/one", null));
    }

    @Test
    void aChunkedAnswerIsReadWhole() throws Exception {
        String problem = "{\"type\":\"about:blank\",\"code\":\"insufficient-storage\",\"detail\":\"" + "no room ".repeat(500) + "\"}";
        int port = serve(0, exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(507, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(problem.getBytes(StandardCharsets.UTF_8));
            }
        });

        KeptAlivePuts.Answer answer = puts.send(url(port, "/objects/abc"), Map.of(), CONTENT).answer();

        assertThat(answer.status()).isEqualTo(507);
        assertThat(answer.body()).isEqualTo(problem);
        assertThat(puts.send(url(port, "/objects/abc"), Map.of(), CONTENT).answer().status()).as("the socket still usable").isEqualTo(507);
    }

    @Test
    void aSocketTheNodeClosedWhileKeptIsReplacedAndTheRequestSentOnce() throws Exception {
        int port = serve(0, exchange -> answer(exchange, 201, "", null, null));
        assertThat(puts.send(url(port, "/objects/before"), Map.of(), CONTENT).answer().status()).isEqualTo(201);
        server.stop(0);
        serve(port, exchange -> answer(exchange, 201, "after the restart", null, null));

        KeptAlivePuts.Answer answer = puts.send(url(port, "/objects/after"), Map.of(), CONTENT).answer();

        assertThat(answer.body()).isEqualTo("after the restart");
        assertThat(received).extracting(Received::path).containsExactly("/objects/before", "/objects/after");
    }

    @Test
    void anAnswerWithConnectionCloseIsNotKept() throws Exception {
        int port = serve(0, exchange -> answer(exchange, 201, "", "Connection", "close"));

        puts.send(url(port, "/objects/one"), Map.of(), CONTENT).answer();
        puts.send(url(port, "/objects/two"), Map.of(), CONTENT).answer();

        assertThat(received.get(1).clientPort()).isNotEqualTo(received.get(0).clientPort());
    }

    @Test
    void aNodeNotListeningFailsTheAnswerWithAConnectException() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }

        KeptAlivePuts.Sent sent = puts.send(url(port, "/objects/abc"), Map.of(), CONTENT);

        assertThatThrownBy(sent::answer).isInstanceOf(ConnectException.class);
    }

    @Test
    void anAnswerBrokenOffAfterItsStatusLineIsNotSentAgain() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (ServerSocket raw = new ServerSocket(0)) {
            Thread node = Thread.ofVirtual().start(() -> {
                try (Socket socket = raw.accept()) {
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    readRequest(in);
                    requests.incrementAndGet();
                    out.write("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    readRequest(in);
                    requests.incrementAndGet();
                    out.write("HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\nshort".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the test checks what the client saw
                }
            });
            URI url = url(raw.getLocalPort(), "/objects/abc");
            assertThat(puts.send(url, Map.of(), CONTENT).answer().status()).isEqualTo(201);

            KeptAlivePuts.Sent second = puts.send(url, Map.of(), CONTENT);

            assertThatThrownBy(second::answer).isInstanceOf(KeptAlivePuts.AnswerBrokenOff.class).hasMessageContaining("5 of 100");
            node.join(5000);
            assertThat(requests).hasValue(2);
        }
    }

    /** Reads a request head and its Content-Length body from a raw socket. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            head.append((char) b);
        }
        String length = head.toString().lines().filter(line -> line.startsWith("Content-Length:")).findFirst().orElseThrow();
        in.readNBytes(Integer.parseInt(length.substring("Content-Length:".length()).trim()));
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** A second server, for requests to two nodes at once. */
    private final class Listener {
        final int port;

        Listener(Handler handler) throws IOException {
            HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            other.createContext("/", exchange -> record(exchange, handler));
            other.start();
            others.add(other);
            port = other.getAddress().getPort();
        }
    }

    private int serve(int port, Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> record(exchange, handler));
        server.start();
        return server.getAddress().getPort();
    }

    private void record(HttpExchange exchange, Handler handler) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRemoteAddress().getPort(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        handler.handle(exchange);
    }

    private static void answer(HttpExchange exchange, int status, String body, String header, String value) throws IOException {
        if (header != null) {
            exchange.getResponseHeaders().add(header, value);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static URI url(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
