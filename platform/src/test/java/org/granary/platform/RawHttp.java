package org.granary.platform;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * HTTP/1.1 written by hand on a socket, for what no HTTP client sends: malformed request lines,
 * bodies that stall or end early, hundreds of connections held open. Answers are read as the
 * service writes them (a length, chunks, or up to the end of the connection).
 */
final class RawHttp {
    static final int READ_TIMEOUT_MILLIS = 60_000;

    private RawHttp() {
    }

    /** One answer: its status, its headers (names in lower case) and its body. */
    record Answer(int status, Map<String, String> headers, String body) {
        Answer {
            requireNonNull(headers, "headers is null");
            requireNonNull(body, "body is null");
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    /** Sends a request head: lines joined by CRLF, ended by an empty line. */
    static void sendHead(Socket socket, String... lines) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static void send(Socket socket, byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** One request, whose head is sent as it is given, and its answer. */
    static Answer exchange(int port, String... headLines) throws IOException {
        try (Socket socket = connect(port)) {
            sendHead(socket, headLines);
            return read(socket);
        }
    }

    static Answer read(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the connection ended before an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        // An interim answer (100 Continue) has no body: the final answer follows it on the same connection.
        byte[] body = status < 200 ? new byte[0] : body(in, headers);
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the service closed the connection: nothing more comes. */
    static boolean closedByService(Socket socket) throws IOException {
        return socket.getInputStream().read() < 0;
    }

    private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
        if (headers.containsKey("content-length")) {
            return in.readNBytes(Integer.parseInt(headers.get("content-length")));
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
            return body.toByteArray();
        }
        return in.readAllBytes();
    }

    private static int chunkSize(InputStream in) throws IOException {
        String line = requireNonNull(line(in), "the answer ended inside its chunks");
        int extension = line.indexOf(';');
        return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).strip(), 16);
    }

    /** A line without its CRLF; null at the end of the connection. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
