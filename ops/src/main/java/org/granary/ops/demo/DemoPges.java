package org.granary.ops.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.granary.planner.client.PgeDefinition;
import org.granary.planner.client.PlannerClient;
import org.granary.planner.client.Registration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo PGEs that ship with the OMI catalogue: small bash programs in {@code ops/demo/pge/omi}
 * and their registrations in its {@code pges.json}, whose executables are named relative to that
 * folder and made absolute here, for the planner runs them on this machine. Registering them
 * again is answered 200 and changes nothing.
 */
public final class DemoPges {
    /** Where they live in the source tree. */
    public static final Path FOLDER = Path.of("ops", "demo", "pge", "omi");
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** The file's shape: {@code {"pges": [...]}}, in the order of the chain. */
    private record PgeFile(List<PgeDefinition> pges) {
    }

    private DemoPges() {
    }

    /** The registrations of {@code folder/pges.json}, each executable an absolute path checked to be executable. */
    public static List<PgeDefinition> read(Path folder) throws IOException {
        Path file = folder.resolve("pges.json");
        PgeFile read = JSON.readValue(file.toFile(), PgeFile.class);
        if (read.pges() == null || read.pges().isEmpty()) {
            throw new IOException(file + " lists no PGE");
        }
        List<PgeDefinition> pges = new ArrayList<>();
        for (PgeDefinition pge : read.pges()) {
            if (pge.command().isEmpty()) {
                throw new IOException(file + ": " + pge.name() + " has no command");
            }
            Path executable = folder.resolve(pge.command().getFirst()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
                throw new IOException(file + ": " + executable + " is not an executable file (git keeps the executable bit: "
                        + "git update-index --chmod=+x)");
            }
            List<String> command = new ArrayList<>(pge.command());
            command.set(0, executable.toString());
            pges.add(pge.withCommand(command));
        }
        return List.copyOf(pges);
    }

    /** Registers every PGE of the folder with the planner, in order; says which were new. */
    public static List<PgeDefinition> register(PlannerClient planner, Path folder, PrintStream out) throws IOException {
        List<PgeDefinition> pges = read(folder);
        List<String> registered = new ArrayList<>();
        for (PgeDefinition pge : pges) {
            Registration registration = planner.register(pge);
            registered.add(pge.name() + " " + pge.version() + (registration.created() ? "" : " (registered before)"));
        }
        out.println("demo: registered the demo PGEs of " + folder + ": " + String.join(", ", registered));
        return pges;
    }
}
