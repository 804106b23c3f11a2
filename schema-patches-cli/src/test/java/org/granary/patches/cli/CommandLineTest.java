package org.granary.patches.cli;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {
    private static final Set<String> VALUES = Set.of("component", "db");
    private static final Set<String> FLAGS = Set.of("check");

    @Test
    void readsValuesFlagsAndPositionalWords() {
        CommandLine line = CommandLine.parse("new", List.of("--component", "granules", "add-orbit", "--db=jdbc:postgresql:x", "--check"),
                VALUES, FLAGS);

        assertThat(line.value("component")).contains("granules");
        assertThat(line.value("db")).contains("jdbc:postgresql:x");
        assertThat(line.flag("check")).isTrue();
        assertThat(line.positionals()).containsExactly("add-orbit");
        assertThat(line.required("component")).isEqualTo("granules");
    }

    @Test
    void refusesUnknownOptionsMissingValuesRepeatsAndMissingRequiredOnes() {
        assertThatThrownBy(() -> CommandLine.parse("status", List.of("--dv", "x"), VALUES, FLAGS))
                .hasMessage("unknown option --dv for status");
        assertThatThrownBy(() -> CommandLine.parse("status", List.of("--db"), VALUES, FLAGS)).hasMessage("--db needs a value");
        assertThatThrownBy(() -> CommandLine.parse("status", List.of("--db", "a", "--db", "b"), VALUES, FLAGS))
                .hasMessage("--db is given twice");
        assertThatThrownBy(() -> CommandLine.parse("status", List.of("--check=yes"), VALUES, FLAGS))
                .hasMessage("unknown option --check=yes for status");
        assertThatThrownBy(() -> CommandLine.parse("status", List.of(), VALUES, FLAGS).required("component"))
                .isInstanceOfSatisfying(CommandFailure.class, failure -> assertThat(failure.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage("status needs --component");
    }
}
