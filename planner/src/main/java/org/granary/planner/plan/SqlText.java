package org.granary.planner.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A statement kept in {@code src/main/resources/sql/}, read once, its comments removed (jOOQ's plain SQL binds every {@code ?}). */
public final class SqlText {
    private SqlText() {
    }

    public static String load(String name) {
        try (InputStream in = SqlText.class.getResourceAsStream("/sql/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no statement sql/" + name + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("--[^\\n]*", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
