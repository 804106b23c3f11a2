package org.granary.ops.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.granary.planner.client.InputRule;
import org.granary.planner.client.PgeDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo PGEs as they ship in ops/demo/pge/omi: their registrations, and the programs run as the planner would run them. */
class DemoPgesTest {
    private static final Path FOLDER = Path.of("..").toAbsolutePath().normalize().resolve(DemoPges.FOLDER);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)(?::([^}]*))?}");
    private static final Instant PRODUCTION = Instant.parse("2025-06-01T12:34:56Z");
    private static final Instant DAY = Instant.parse("2004-10-01T00:00:00Z");

    @TempDir
    Path work;

    @Test
    void theRegistrationsChainLevel0ToTheDailyGridWithExecutablesOfThisCheckout() throws IOException {
        List<PgeDefinition> pges = DemoPges.read(FOLDER);

        assertThat(pges).extracting(PgeDefinition::name).containsExactly("OML1BRUG-demo", "OMTO3-demo", "OMTO3d-demo");
        assertThat(pges).allSatisfy(pge -> {
            Path executable = Path.of(pge.command().getFirst());
            assertThat(executable).isAbsolute().startsWith(FOLDER).isExecutable();
        });
        assertThat(pges.getFirst().inputs()).extracting(InputRule::esdt).containsExactly("OML0V");
        for (int step = 1; step < pges.size(); step++) {
            assertThat(pges.get(step).inputs()).extracting(InputRule::esdt).as("each step reads what the one before makes")
                    .containsExactlyElementsOf(pges.get(step - 1).outputs());
        }
        PgeDefinition daily = pges.getLast();
        assertThat(daily.timeUnit()).isEqualTo("day");
        assertThat(daily.inputs().getFirst().minimumCount()).as("the daily grid runs once every orbit of the demo day is there")
                .isEqualTo(OmiDay.orbitsOfTheDay());
    }

    @Test
    void eachPgeWritesItsProductNamedByTheOmiConventionAndTheSameBytesWhenRunAgain() throws Exception {
        List<PgeDefinition> pges = DemoPges.read(FOLDER);
        List<Path> inputs = files("level0", List.of("P2041840AAAAAAAAAAAAAA04275000300001.PDS", "P2041840AAAAAAAAAAAAAA04275000300000.PDS"));
        Instant orbit1132 = Instant.parse("2004-10-01T00:03:00Z");
        List<String> expected = List.of("OMI-Aura_L1-OML1BRUG_2004m1001t0003-o01132_v003-2025m0601t123456\\.he4",
                "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2025m0601t123456\\.he5",
                "OMI-Aura_L3-OMTO3d_2004m1001_v003-2025m0601t123456\\.he5");
        for (int step = 0; step < pges.size(); step++) {
            PgeDefinition pge = pges.get(step);
            Instant start = pge.timeUnit().equals("day") ? DAY : orbit1132;
            Path first = run(pge, start, inputs, work.resolve(pge.name() + "-1"));
            Path again = run(pge, start, inputs.reversed(), work.resolve(pge.name() + "-2"));

            assertThat(first.getFileName().toString()).matches(expected.get(step));
            assertThat(again.getFileName()).isEqualTo(first.getFileName());
            assertThat(Files.readAllBytes(again)).as("a retried run makes the same bytes").isEqualTo(Files.readAllBytes(first));
            assertThat(Files.readString(first)).contains(inputs.getFirst().getFileName().toString());
            inputs = List.of(first);
        }
    }

    @Test
    void anExecutableWithoutItsExecutableBitIsRefusedBeforeAnythingIsRegistered() throws IOException {
        Files.writeString(work.resolve("pges.json"), """
                {"pges": [{"name": "plain", "version": "1", "command": ["plain.sh"], "timeUnit": "orbit",
                           "inputs": [{"esdt": "OML0V"}], "outputs": ["OML1BRUG"]}]}
                """);
        Files.writeString(work.resolve("plain.sh"), "#!/bin/sh\n");

        assertThatThrownBy(() -> DemoPges.read(work)).isInstanceOf(IOException.class).hasMessageContaining("plain.sh is not an executable file");
    }

    /** Runs the PGE's command with its placeholders filled as the planner would; the one file it wrote. */
    private static Path run(PgeDefinition pge, Instant start, List<Path> inputs, Path output) throws Exception {
        Files.createDirectories(output);
        List<String> command = new ArrayList<>();
        for (String argument : pge.command()) {
            if (argument.startsWith("{inputs")) {
                inputs.forEach(input -> command.add(input.toString()));
                continue;
            }
            Matcher placeholder = PLACEHOLDER.matcher(argument);
            command.add(placeholder.replaceAll(match -> Matcher.quoteReplacement(value(match.group(1), match.group(2), start, output))));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(said).isZero();
        try (Stream<Path> written = Files.list(output)) {
            List<Path> files = written.toList();
            assertThat(files).as("what %s wrote", pge.name()).hasSize(1);
            return files.getFirst();
        }
    }

    private static String value(String name, String pattern, Instant start, Path output) {
        Map<String, Instant> times = Map.of("start", start, "production", PRODUCTION);
        return switch (name) {
            case "orbit" -> "1132";
            case "outputDirectory" -> output.toString();
            default -> DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(times.get(name));
        };
    }

    private List<Path> files(String folder, List<String> names) throws IOException {
        Files.createDirectories(work.resolve(folder));
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            files.add(Files.writeString(work.resolve(folder).resolve(name), "content of " + name));
        }
        return files;
    }
}
