package org.granary.archive.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * HTTP/1.1 PUTs of byte arrays over kept-alive sockets, in two halves: {@link #send} writes the
 * request, {@link Sent#answer} reads the node's answer. A caller that sends to every copy's node
 * before reading any answer has the nodes work at once on its own thread, without handing a copy
 * to another thread and back: {@code HttpURLConnection}'s request and header handling and that
 * hand-off took a fifth of ingest's CPU per small push. Only what a node's answer to a PUT needs
 * is understood (a status, {@code Content-Length} or chunked bodies, {@code Connection: close}).
 * A PUT of an object named by its checksum can be repeated safely, so a request on a kept-alive
 * socket that the node had closed meanwhile (it restarted, or the socket sat idle too long) is
 * sent again once on a new socket.
 */
final class KeptAlivePuts implements AutoCloseable {
    private static final int MAX_IDLE_PER_NODE = 16;
    private static final int MAX_HEADER_LINE = 8192;

    /** A node's answer: its status, body and cluster epoch header (null when absent). */
    record Answer(int status, String body, String epoch) {
    }

    private final String token;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Map<String, Deque<Connection>> idle = new ConcurrentHashMap<>();

    KeptAlivePuts(String token, Duration connectTimeout, Duration readTimeout) {
        this.token = token;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** A request written, or its writing failed; {@link #answer} tells which. */
    final class Sent {
        private final URI url;
        private final byte[] head;
        private final byte[] body;
        private Connection connection;
        private IOException failure;

        private Sent(URI url, byte[] head, byte[] body) {
            this.url = url;
            this.head = head;
            this.body = body;
        }

        /** Reads the answer; throws when the node could not be reached or broke off. */
        Answer answer() throws IOException {
            if (failure == null) {
                try {
                    return finish(connection);
                } catch (IOException e) {
                    if (!connection.reused || e instanceof AnswerBrokenOff || e instanceof java.net.SocketTimeoutException) {
                        throw e;
                    }
                }
            } else if (connection == null || !connection.reused) {
                throw failure;
            }
            // The kept-alive socket was closed by the node before it answered: once more, on a new one.
            Connection fresh = open(url);
            write(fresh, head, body);
            return finish(fresh);
        }

        private Answer finish(Connection used) throws IOException {
            try {
                Answer answer = read(used, url.getRawPath());
                if (used.keepAlive) {
                    release(url, used);
                } else {
                    used.close();
                }
                return answer;
            } catch (IOException | RuntimeException e) {
                used.close();
                throw e;
            }
        }
    }

    /** Writes a PUT of {@code body} to {@code url}; never throws: a failure surfaces in {@link Sent#answer}. */
    Sent send(URI url, Map<String, String> headers, byte[] body) {
        Sent sent = new Sent(url, head(url, headers, body.length), body);
        try {
            sent.connection = idleOrNew(url);
            write(sent.connection, sent.head, body);
        } catch (IOException e) {
            if (sent.connection != null) {
                sent.connection.close();
            }
            sent.failure = e;
        }
        return sent;
    }

    private byte[] head(URI url, Map<String, String> headers, int length) {
        StringBuilder head = new StringBuilder(256).append("PUT ").append(url.getRawPath()).append(" HTTP/1.1\r\nHost: ").append(url.getHost())
                .append(':').append(url.getPort()).append("\r\nContent-Type: application/octet-stream\r\nContent-Length: ").append(length)
                .append("\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void write(Connection connection, byte[] head, byte[] body) throws IOException {
        connection.out.write(head);
        connection.out.write(body);
        connection.out.flush();
    }

    private Connection idleOrNew(URI url) throws IOException {
        Deque<Connection> pool = idle.get(key(url));
        Connection kept = pool == null ? null : pool.pollFirst();
        return kept != null ? kept.reuse() : open(url);
    }

    private Connection open(URI url) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            return new Connection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private void release(URI url, Connection connection) {
        Deque<Connection> pool = idle.computeIfAbsent(key(url), any -> new ConcurrentLinkedDeque<>());
        pool.offerFirst(connection);
        if (pool.size() > MAX_IDLE_PER_NODE) {
            Connection surplus = pool.pollLast();
            if (surplus != null) {
                surplus.close();
            }
        }
    }

    private static String key(URI url) {
        return url.getHost() + ":" + url.getPort();
    }

    /** Reads a status line, headers and body. Once the status line has arrived, a failure is an {@link AnswerBrokenOff}. */
    private static Answer read(Connection connection, String path) throws IOException {
        String statusLine = line(connection.in);
        if (statusLine == null) {
            throw new EOFException("the node closed the connection before answering PUT " + path);
        }
        try {
            return readAfterStatus(connection, statusLine);
        } catch (IOException | RuntimeException e) {
            throw new AnswerBrokenOff("the answer to PUT " + path + " broke off: " + e.getMessage(), e);
        }
    }

    private static Answer readAfterStatus(Connection connection, String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        String epoch = null;
        connection.keepAlive = parts[0].equals("HTTP/1.1");
        for (String header; (header = line(connection.in)) != null && !header.isEmpty(); ) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> connection.keepAlive &= !value.equalsIgnoreCase("close");
                default -> {
                    if (name.equalsIgnoreCase(NodeClient.EPOCH_HEADER)) {
                        epoch = value;
                    }
                }
            }
        }
        byte[] body;
        if (chunked) {
            body = chunkedBody(connection.in);
        } else if (length >= 0) {
            body = connection.in.readNBytes((int) length);
            if (body.length != length) {
                throw new EOFException("the body ended after " + body.length + " of " + length + " bytes");
            }
        } else {
            body = connection.in.readAllBytes();
            connection.keepAlive = false;
        }
        return new Answer(status, new String(body, StandardCharsets.UTF_8), epoch);
    }

    private static byte[] chunkedBody(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                throw new EOFException("the chunked body ended early");
            }
            int extension = sizeLine.indexOf(';');
            int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                for (String trailer; (trailer = line(in)) != null && !trailer.isEmpty(); ) {
                    // trailers are not used
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("a chunk ended after " + chunk.length + " of " + size + " bytes");
            }
            body.writeBytes(chunk);
            line(in);
        }
    }

    /** A line without its CRLF; null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                return line.substring(0, end);
            }
            if (line.length() == MAX_HEADER_LINE) {
                throw new IOException("a header line longer than " + MAX_HEADER_LINE + " bytes");
            }
            line.append((char) b);
        }
        if (line.isEmpty()) {
            return null;
        }
        throw new EOFException("the answer ended inside a line");
    }

    @Override
    public void close() {
        idle.values().forEach(pool -> {
            for (Connection connection; (connection = pool.pollFirst()) != null; ) {
                connection.close();
            }
        });
    }

    /** The answer began and then failed: the request may have been carried out, and is not sent again here. */
    static final class AnswerBrokenOff extends IOException {
        AnswerBrokenOff(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean reused;
        private boolean keepAlive;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        Connection reuse() {
            reused = true;
            return this;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
