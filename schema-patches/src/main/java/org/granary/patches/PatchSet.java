package org.granary.patches;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The patches of one component in the order they apply, as {@code patches_applied.txt} lists
 * them. Blank lines and {@code #} comments in that file are ignored.
 */
public record PatchSet(String component, List<Patch> patches) {
    public static final String INDEX_FILE = "patches_applied.txt";

    public PatchSet {
        requireNonNull(component, "component is null");
        patches = List.copyOf(patches);
        Set<String> seen = new HashSet<>();
        for (Patch patch : patches) {
            if (!seen.add(patch.name())) {
                throw new IllegalArgumentException(INDEX_FILE + " of " + component + " lists " + patch.name() + " twice");
            }
        }
    }

    /** Reads the patches from the classpath folder {@code location} (e.g. {@code db/patches/auth}). */
    public static PatchSet fromClasspath(String component, String location, ClassLoader classLoader) {
        String folder = location.endsWith("/") ? location : location + "/";
        List<Patch> patches = new ArrayList<>();
        for (String name : patchNames(read(classLoader, folder + INDEX_FILE))) {
            patches.add(new Patch(name, read(classLoader, folder + name)));
        }
        return new PatchSet(component, patches);
    }

    /** Reads the patches from a folder of a source tree, as the DBA tooling does. */
    public static PatchSet fromDirectory(String component, Path folder) {
        try {
            List<Patch> patches = new ArrayList<>();
            for (String name : patchNames(Files.readString(folder.resolve(INDEX_FILE)))) {
                patches.add(new Patch(name, Files.readString(folder.resolve(name))));
            }
            return new PatchSet(component, patches);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the patches of " + component + " in " + folder, e);
        }
    }

    static List<String> patchNames(String index) {
        return index.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static String read(ClassLoader classLoader, String resource) {
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
