package org.granary.planner.pge;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTemplateTest {
    private static final CommandTemplate.JobValues JOB = new CommandTemplate.JobValues(42, 1132, Instant.parse("2004-10-01T00:03:00Z"),
            Instant.parse("2004-10-01T01:41:53Z"), Instant.parse("2026-12-06T05:41:07Z"), Path.of("/w/out"), Path.of("/w"),
            Map.of("OML1BRUG", List.of(Path.of("/w/in/a.he4"), Path.of("/w/in/b.he4")), "OML1BIRR", List.of(Path.of("/w/in/c.he4"))));

    @Test
    void replacesEveryPlaceholderAndGivesEachInputFileAnArgumentOfItsOwn() {
        List<String> command = CommandTemplate.expand(List.of("/opt/omto3", "--job={job}", "-o", "{orbit}", "{start:yyyy'm'MMdd't'HHmm}",
                "{end}", "v003-{production:yyyy'm'MMdd't'HHmmss}.he5", "{outputDirectory}", "{workDirectory}", "{inputs:OML1BRUG}", "--irradiance",
                "{inputs:OML1BIRR}"), JOB);

        assertThat(command).containsExactly("/opt/omto3", "--job=42", "-o", "1132", "2004m1001t0003", "2004-10-01T01:41:53Z",
                "v003-2026m1206t054107.he5", "/w/out", "/w", "/w/in/a.he4", "/w/in/b.he4", "--irradiance", "/w/in/c.he4");
    }

    @Test
    void aDollarOrBackslashInAValueIsTakenLiterally() {
        CommandTemplate.JobValues odd = new CommandTemplate.JobValues(1, null, JOB.start(), JOB.end(), JOB.production(), Path.of("/w/$1\\out"),
                Path.of("/w"), Map.of());
        assertThat(CommandTemplate.expand(List.of("/bin/pge", "{outputDirectory}", "{orbit}"), odd)).containsExactly("/bin/pge", "/w/$1\\out", "");
    }

    @Test
    void refusesWhatCannotBeExpanded() {
        Set<String> inputs = Set.of("OML1BRUG");
        assertThatThrownBy(() -> CommandTemplate.check(List.of("omto3", "{orbit}"), inputs)).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> CommandTemplate.check(List.of("/opt/{job}/omto3"), inputs)).hasMessageContaining("without placeholders");
        assertThatThrownBy(() -> CommandTemplate.check(List.of("/opt/omto3", "{orbitt}"), inputs)).hasMessageContaining("unknown placeholder {orbitt}");
        assertThatThrownBy(() -> CommandTemplate.check(List.of("/opt/omto3", "--in={inputs}"), inputs)).hasMessageContaining("stands alone");
        assertThatThrownBy(() -> CommandTemplate.check(List.of("/opt/omto3", "{inputs:OMTO3}"), inputs)).hasMessageContaining("names no input");
        assertThatThrownBy(() -> CommandTemplate.check(List.of("/opt/omto3", "{orbit:yyyy}"), inputs)).hasMessageContaining("takes no pattern");
        assertThatThrownBy(() -> CommandTemplate.check(List.of("/opt/omto3", "{start:ppp}"), inputs)).hasMessageContaining("not a date-time pattern");
        assertThatThrownBy(() -> CommandTemplate.check(List.of("/opt/omto3", "a\nb"), inputs)).hasMessageContaining("control characters");
    }
}
