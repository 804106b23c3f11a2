package org.granary.patches.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.granary.patches.SchemaPatcher;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each command's options reach its fields, in both {@code --name value} and {@code --name=value} forms. */
class CommandOptionsTest {
    private static final String[] FOLDER = {"--component", "granules", "--patches", "/patches/granules"};

    @Test
    void statusAndVerifyTakeTheFolderAndTheDatabase() {
        StatusCommand status = parse(StatusCommand.class, "status", "--component=granules", "--patches", "/patches/granules", "--db=jdbc:postgresql://db/x");
        VerifyCommand verify = parse(VerifyCommand.class, with("verify"));

        assertThat(status.folderOptions.component).isEqualTo("granules");
        assertThat(status.folderOptions.folder).isEqualTo(Path.of("/patches/granules"));
        assertThat(status.database.url).contains("jdbc:postgresql://db/x");
        assertThat(verify.folderOptions.component).isEqualTo("granules");
        assertThat(verify.database.url).isEmpty();
    }

    @Test
    void theInvocationCarriesTheCommandItsFolderAndItsDatabase() {
        StatusCommand status = parse(StatusCommand.class, with("status", "--db", "jdbc:postgresql://db/x"));

        Invocation invocation = status.tool.invocation(status.folderOptions, status.database.url);

        assertThat(invocation.command()).isEqualTo("status");
        assertThat(invocation.component()).isEqualTo("granules");
        assertThat(invocation.patchesFolder()).isEqualTo(Path.of("/patches/granules"));
        assertThat(invocation.jdbcUrl()).isEqualTo("jdbc:postgresql://db/x");
    }

    @Test
    void newTakesOneNameAndNoDatabase() {
        NewPatchCommand command = parse(NewPatchCommand.class, with("new", "add-orbit"));

        assertThat(command.patchName).isEqualTo("add-orbit");
        assertThat(command.folderOptions.component).isEqualTo("granules");
        assertThatThrownBy(() -> parse(Object.class, with("new", "add-orbit", "--db", "jdbc:postgresql://db/x"))).isInstanceOf(ParameterException.class)
                .hasMessage("Unknown options: '--db', 'jdbc:postgresql://db/x'");
    }

    @Test
    void planTakesTheTimeouts() {
        PlanCommand plan = parse(PlanCommand.class, with("plan", "--lock-timeout", "500ms", "--statement-timeout=2h"));
        PlanCommand defaults = parse(PlanCommand.class, with("plan"));

        SchemaPatcher.Options options = plan.patcher.options(null, false);
        assertThat(options.lockTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.statementTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(defaults.patcher.options(null, false).lockTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void applyTakesStagesTimeoutsAndItsTwoPermissions() {
        ApplyCommand apply = parse(ApplyCommand.class, with("apply", "--db", "jdbc:postgresql://db/x", "--stage", "testing", "--stages=/etc/stages.properties",
                "--allow-drift", "--accept-hazards", "--lock-timeout", "5min"));
        ApplyCommand plain = parse(ApplyCommand.class, with("apply"));

        assertThat(apply.database.url).contains("jdbc:postgresql://db/x");
        assertThat(apply.stage).contains("testing");
        assertThat(apply.stagesFile).contains("/etc/stages.properties");
        assertThat(apply.driftAllowed).isTrue();
        assertThat(apply.hazardsAccepted).isTrue();
        assertThat(apply.patcher.options("testing", true).lockTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(plain.stage).isEmpty();
        assertThat(plain.stagesFile).isEmpty();
        assertThat(plain.driftAllowed).isFalse();
        assertThat(plain.hazardsAccepted).isFalse();
    }

    @Test
    void rebuildDefinitionTakesCheck() {
        assertThat(parse(RebuildDefinitionCommand.class, with("rebuild-definition", "--check")).check).isTrue();
        assertThat(parse(RebuildDefinitionCommand.class, with("rebuild-definition")).check).isFalse();
    }

    @Test
    void lintTakesOnePatchOrAllOrNeither() {
        LintCommand one = parse(LintCommand.class, with("lint", "--patch", "0007-add-orbit.sql"));
        LintCommand all = parse(LintCommand.class, with("lint", "--all"));
        LintCommand pending = parse(LintCommand.class, with("lint"));

        assertThat(one.selection.one).contains("0007-add-orbit.sql");
        assertThat(one.selection.all).isFalse();
        assertThat(all.selection.all).isTrue();
        assertThat(all.selection.one).isEmpty();
        assertThat(pending.selection.one).isEmpty();
        assertThat(pending.selection.all).isFalse();
    }

    @Test
    void timeoutsAndStagesBelongToTheCommandsThatUseThem() {
        assertThatThrownBy(() -> parse(Object.class, with("status", "--lock-timeout", "5s"))).hasMessageStartingWith("Unknown option");
        assertThatThrownBy(() -> parse(Object.class, with("verify", "--allow-drift"))).hasMessageStartingWith("Unknown option");
        assertThatThrownBy(() -> parse(Object.class, with("plan", "--stage", "testing"))).hasMessageStartingWith("Unknown option");
        assertThatThrownBy(() -> parse(Object.class, with("lint", "--check"))).hasMessageStartingWith("Unknown option");
    }

    private static String[] with(String command, String... more) {
        String[] arguments = new String[1 + FOLDER.length + more.length];
        arguments[0] = command;
        System.arraycopy(FOLDER, 0, arguments, 1, FOLDER.length);
        System.arraycopy(more, 0, arguments, 1 + FOLDER.length, more.length);
        return arguments;
    }

    /** The command object picocli bound the arguments to. */
    private <T> T parse(Class<T> type, String... arguments) {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return type.cast(PatchesCommand.commandLine(Map.of(), discard, discard).parseArgs(arguments).subcommand().commandSpec().userObject());
    }
}
