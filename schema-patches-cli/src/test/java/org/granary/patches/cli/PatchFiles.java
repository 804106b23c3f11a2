package org.granary.patches.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.granary.patches.PatchSet;

/** A component's patch folder in a test's temporary directory. */
record PatchFiles(Path folder) {
    static final String COMPONENT = "granules";

    /** Writes the patch file and lists it last in patches_applied.txt. */
    PatchFiles add(String name, String sql) {
        write(name, sql);
        try {
            Files.writeString(folder.resolve(PatchSet.INDEX_FILE), name + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    PatchFiles write(String name, String text) {
        try {
            Files.writeString(folder.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String read(String name) {
        try {
            return Files.readString(folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
