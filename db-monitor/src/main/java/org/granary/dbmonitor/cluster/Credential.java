package org.granary.dbmonitor.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a node's password is, never the password: {@code env:NAME} (an environment variable of
 * db-monitor's process) or {@code file:/path} (a secrets file holding only the password, its
 * trailing newline ignored). The clusters file, the API and the logs only ever show the reference;
 * the password is read when a connection is made.
 */
public record Credential(String reference) {
    public Credential {
        if (reference == null || !((reference.startsWith("env:") && reference.length() > 4) || reference.startsWith("file:/"))) {
            throw new IllegalArgumentException("a password is a reference, env:NAME or file:/absolute/path, never the password itself");
        }
    }

    @JsonCreator
    public static Credential of(String reference) {
        return new Credential(reference);
    }

    @JsonValue
    @Override
    public String reference() {
        return reference;
    }

    /** The password, or why it cannot be read (said without the secret). */
    public Resolved resolve(Map<String, String> environment) {
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            return Optional.ofNullable(environment.get(name)).map(Resolved::password)
                    .orElseGet(() -> Resolved.missing("the environment variable " + name + " is not set"));
        }
        Path file = Path.of(reference.substring(5));
        try {
            return Resolved.password(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Resolved.missing("the secrets file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A password read, or the reason it could not be; {@link #toString()} never shows the password. */
    public record Resolved(String password, String problem) {
        static Resolved password(String password) {
            return new Resolved(password, null);
        }

        static Resolved missing(String problem) {
            return new Resolved(null, problem);
        }

        public boolean present() {
            return password != null;
        }

        @Override
        public String toString() {
            return present() ? "Resolved[password=(hidden)]" : "Resolved[problem=" + problem + "]";
        }
    }
}
