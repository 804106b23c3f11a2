package org.granary.patches.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.granary.patches.Patch;
import org.granary.patches.PatchSet;

import static java.util.Objects.requireNonNull;

/**
 * A component's patch folder as the working tree has it: the names {@code patches_applied.txt}
 * lists, in order (repeats kept, for status to report), and every {@code .sql} file in it but
 * the schema definition. Unlike {@link PatchSet#fromDirectory} it reads what is there without
 * failing on what is missing, so that {@code status} can say what is wrong.
 *
 * @param files the patch files by name; a file whose name is not a patch name holds null
 */
record PatchFolder(String component, Path folder, List<String> listed, Map<String, Patch> files) {
    static final String DEFINITION_FILE = "schema_definition.sql";
    private static final Pattern NUMBERED = Pattern.compile("^(\\d{4})-");

    PatchFolder {
        requireNonNull(component, "component is null");
        requireNonNull(folder, "folder is null");
        listed = List.copyOf(listed);
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    static PatchFolder read(String component, Path folder) {
        if (!Files.isDirectory(folder)) {
            throw CommandFailure.usage("no patch folder " + folder);
        }
        try {
            Path index = folder.resolve(PatchSet.INDEX_FILE);
            List<String> listed = Files.exists(index) ? names(Files.readString(index)) : List.of();
            Map<String, Patch> files = new LinkedHashMap<>();
            try (Stream<Path> entries = Files.list(folder)) {
                for (Path file : entries.filter(PatchFolder::isPatchCandidate).sorted().toList()) {
                    String name = file.getFileName().toString();
                    files.put(name, isPatchName(name) ? new Patch(name, Files.readString(file)) : null);
                }
            }
            return new PatchFolder(component, folder, listed, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the patch folder " + folder, e);
        }
    }

    /** The listed patches in order; refuses when one is missing or listed twice, as nothing could apply then. */
    PatchSet patchSet() {
        List<String> problems = new ArrayList<>();
        List<Patch> patches = new ArrayList<>();
        for (String name : new LinkedHashSet<>(listed)) {
            Optional<Patch> patch = patch(name);
            if (patch.isEmpty()) {
                problems.add(PatchSet.INDEX_FILE + " lists " + name + ", but " + (isPatchName(name)
                        ? "there is no such file in " + folder : "that is not a patch name (NNNN-lowercase-words.sql, or R-lowercase-words.sql for a repeatable one)"));
            } else {
                patches.add(patch.get());
            }
        }
        listedTwice().forEach(name -> problems.add(PatchSet.INDEX_FILE + " lists " + name + " twice"));
        if (!problems.isEmpty()) {
            throw CommandFailure.inconsistent("the patch folder is inconsistent:\n  " + String.join("\n  ", problems));
        }
        return new PatchSet(component, patches);
    }

    Optional<Patch> patch(String name) {
        return Optional.ofNullable(files.get(name));
    }

    List<String> listedTwice() {
        return listed.stream().filter(name -> listed.indexOf(name) != listed.lastIndexOf(name)).distinct().toList();
    }

    /** Files present that the index does not list. */
    List<String> unlisted() {
        return files.keySet().stream().filter(name -> !listed.contains(name)).toList();
    }

    /** One more than the highest number among the listed names and the files, so a draft's number is not reused. */
    int nextNumber() {
        return Stream.concat(listed.stream(), files.keySet().stream())
                .map(NUMBERED::matcher).filter(Matcher::find)
                .mapToInt(number -> Integer.parseInt(number.group(1))).max().orElse(0) + 1;
    }

    Path definitionFile() {
        return folder.resolve(DEFINITION_FILE);
    }

    static boolean isPatchName(String name) {
        return Patch.isName(name);
    }

    private static boolean isPatchCandidate(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".sql") && !name.equals(DEFINITION_FILE) && Files.isRegularFile(file);
    }

    /** As {@code PatchSet} reads the index: one name a line, blank lines and {@code #} comments ignored. */
    private static List<String> names(String index) {
        return index.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
