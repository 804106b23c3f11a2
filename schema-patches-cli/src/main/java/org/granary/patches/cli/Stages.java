package org.granary.patches.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The promotion stages, from a stages file of Java properties:
 *
 * <pre>
 * order=development,testing,operations
 * testing.ingest-service.db=jdbc:postgresql://test-db:5432/ingest?user=dba
 * </pre>
 *
 * A patch reaches a stage only once it was applied, with the same checksum, on the database of
 * the stage before it; the first stage takes any patch.
 */
record Stages(List<String> order, Map<String, String> databases) {
    static final String FILE_VARIABLE = "GRANARY_PATCHES_STAGES";

    Stages {
        order = List.copyOf(order);
        databases = Map.copyOf(databases);
    }

    static Stages load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw CommandFailure.usage("cannot read the stages file " + file + ": " + e.getMessage());
        }
        List<String> order = Arrays.stream(properties.getProperty("order", "").split(",")).map(String::strip)
                .filter(stage -> !stage.isEmpty()).toList();
        if (order.isEmpty()) {
            throw CommandFailure.usage("the stages file " + file + " has no order=, such as order=development,testing,operations");
        }
        if (new LinkedHashSet<>(order).size() != order.size()) {
            throw CommandFailure.usage("the stages file " + file + " names a stage twice in its order: " + order);
        }
        Map<String, String> databases = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.endsWith(".db")) {
                databases.put(key, properties.getProperty(key).strip());
            }
        }
        return new Stages(order, databases);
    }

    /** The stage a patch must have reached before {@code stage}; empty for the first. */
    Optional<String> previous(String stage) {
        int position = order.indexOf(stage);
        if (position < 0) {
            throw CommandFailure.usage("no stage " + stage + " in the stages file's order " + String.join(",", order));
        }
        return position == 0 ? Optional.empty() : Optional.of(order.get(position - 1));
    }

    /**
     * The stage whose database, for any component, is the one {@code jdbcUrl} reaches (see
     * {@link DatabaseAddress}); empty when the file names it for no stage. A database named for
     * two stages is a usage error: which promotion rules apply would be a guess.
     */
    Optional<String> stageOf(String jdbcUrl) {
        List<String> stages = order.stream().filter(stage -> databases.entrySet().stream()
                .anyMatch(named -> named.getKey().startsWith(stage + ".") && DatabaseAddress.same(named.getValue(), jdbcUrl))).toList();
        if (stages.size() > 1) {
            throw CommandFailure.usage("the stages file names " + Database.redact(jdbcUrl) + " for more than one stage: " + String.join(", ", stages));
        }
        return stages.stream().findFirst();
    }

    Optional<String> database(String stage, String component) {
        return Optional.ofNullable(databases.get(stage + "." + component + ".db"));
    }
}
