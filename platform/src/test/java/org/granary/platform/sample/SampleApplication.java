package org.granary.platform.sample;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.granary.platform.application.GranaryApplication;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.ReadOnly;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.granary.platform.web.StreamedBody;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/**
 * A service in miniature, on its own patched table: an open read and a search that binds the
 * request's values to SQL, a write for scientists, a query sent as a JSON document, a streamed
 * upload and a digest of a raw body.
 */
@SpringBootApplication
public class SampleApplication {
    /** {@code refusal}, {@code bug} or {@code send-error}: how {@link #failingFilter()} fails the request. */
    public static final String FAIL_IN_FILTER_HEADER = "Sample-Fail-In-Filter";

    /** Runs the sample service on its own, as a test may start it in a JVM of its own. */
    public static void main(String[] arguments) {
        GranaryApplication.run(SampleApplication.class, arguments);
    }

    record NewNote(String text) {
        NewNote {
            requireNonNull(text, "text is required");
        }
    }

    @RestController
    static class NoteController {
        private final JdbcClient database;

        NoteController(JdbcClient database) {
            this.database = database;
        }

        @GetMapping("/notes")
        List<String> notes() {
            return database.sql("SELECT text FROM note ORDER BY id").query(String.class).list();
        }

        /** Which kind of thread serves a request (the platform puts requests on platform threads). */
        @GetMapping("/request-thread")
        Map<String, Object> requestThread() {
            return Map.of("virtual", Thread.currentThread().isVirtual(), "name", Thread.currentThread().getName());
        }

        @PostMapping("/notes")
        @RequiresRole(Role.SCIENTIST)
        @ResponseStatus(HttpStatus.CREATED)
        Map<String, Object> add(@RequestBody NewNote note, Caller caller) {
            database.sql("INSERT INTO note (text) VALUES (?)").param(note.text()).update();
            return Map.of("text", note.text(), "by", caller.label());
        }

        /** Binds each value of the request to SQL as it came: the database judges what it can hold. */
        @GetMapping("/notes/search")
        List<String> search(@RequestParam(defaultValue = "") String text,
                @RequestParam(defaultValue = "2000-01-01T00:00:00Z") OffsetDateTime since,
                @RequestParam(defaultValue = "100") BigDecimal limit) {
            return database.sql("SELECT text FROM note WHERE text >= ? AND ? < now() ORDER BY id LIMIT ?")
                    .param(text).param(since).param(limit).query(String.class).list();
        }
    }

    /** A filter that fails when asked to: what fails outside Spring MVC must be a problem too. */
    @Bean
    OncePerRequestFilter failingFilter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                switch (String.valueOf(request.getHeader(FAIL_IN_FILTER_HEADER))) {
                    case "refusal" -> throw new GranaryException(ErrorCode.CONFLICT, "refused by a filter");
                    case "bug" -> throw new IllegalStateException("a filter's bug");
                    case "send-error" -> response.sendError(HttpServletResponse.SC_FORBIDDEN);
                    default -> chain.doFilter(request, response);
                }
            }
        };
    }

    /** Bodies: a query sent as a document (open, like a GET), a streamed upload, a digest of a raw body. */
    @RestController
    static class BodyController {
        @PostMapping("/queries")
        @ReadOnly
        Map<String, Object> query(@RequestBody JsonNode query) {
            return Map.of("fields", query.size());
        }

        /** Reads its body itself, however large, as a file push does. */
        @PutMapping(path = "/blobs/{name}", consumes = MediaType.ALL_VALUE)
        @RequiresRole(Role.SCIENTIST)
        @StreamedBody
        Map<String, Object> upload(@PathVariable String name, HttpServletRequest request) throws IOException {
            return digest(request.getInputStream(), Map.of("name", name));
        }

        /**
         * Reads its raw body within the platform's limit, whatever its content type; asks for the
         * request's parameters first, as a filter might, which must not read a form body.
         */
        @PostMapping(path = "/digests", consumes = MediaType.ALL_VALUE)
        @ReadOnly
        Map<String, Object> digestOf(HttpServletRequest request) throws IOException {
            List<String> parameters = List.copyOf(request.getParameterMap().keySet());
            return digest(request.getInputStream(), Map.of("parameters", parameters));
        }

        private static Map<String, Object> digest(InputStream body, Map<String, Object> more) throws IOException {
            MessageDigest sha256 = sha256();
            long bytes = 0;
            byte[] buffer = new byte[64 << 10];
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                sha256.update(buffer, 0, read);
                bytes += read;
            }
            Map<String, Object> digest = new HashMap<>(more);
            digest.put("bytes", bytes);
            digest.put("sha256", HexFormat.of().formatHex(sha256.digest()));
            return digest;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
