package org.granary.ops.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ops/granary env}: what {@code eval "$(ops/granary env)"} gives the programs a user starts next. */
class LauncherEnvironmentTest {
    @TempDir
    Path root;

    @Test
    void printsOneExportLinePerVariableWithItsValueQuotedForTheShell() throws Exception {
        String env = env(root.resolve("it's a \"home\" $HOME"));

        assertThat(env.lines()).allSatisfy(line -> assertThat(line).matches("export GRANARY_[A-Z0-9_]+='.*'"));
        assertThat(env.lines().map(line -> line.substring("export ".length(), line.indexOf('=')))).containsExactly(
                "GRANARY_HOME", "GRANARY_POSTGRES_URL", "GRANARY_PSQL", "GRANARY_AUTH_DB_URL", "GRANARY_DB_STANDBY_PORT", "GRANARY_POSTGRES_STANDBY_URL",
                "GRANARY_INGEST_SERVICE_URL", "GRANARY_INGEST_SERVICE_DB_URL", "GRANARY_ARCHIVE_1_URL", "GRANARY_ARCHIVE_1_DB_URL",
                "GRANARY_ARCHIVE_2_URL", "GRANARY_ARCHIVE_2_DB_URL", "GRANARY_ADMIN_TOKEN_FILE");
    }

    @Test
    void evalExportsEveryVariableToTheProgramsStartedAfterIt() throws Exception {
        Path home = root.resolve("it's a \"home\" $HOME");
        String env = env(home);

        // eval in a shell, then a child program (env) prints what it was given
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "eval \"$1\" && exec env", "bash", env).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("GRANARY_"));
        Process shell = builder.start();
        String childEnvironment = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitValue()).as(childEnvironment).isZero();

        Map<String, String> exported = new LinkedHashMap<>();
        childEnvironment.lines().filter(line -> line.startsWith("GRANARY_"))
                .forEach(line -> exported.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        assertThat(exported).hasSize(13)
                .containsEntry("GRANARY_HOME", home.toString())
                .containsEntry("GRANARY_ADMIN_TOKEN_FILE", home.resolve("admin-token").toString())
                .containsEntry("GRANARY_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:25432/postgres?user=postgres")
                .containsEntry("GRANARY_PSQL", "host=127.0.0.1 port=25432 dbname=postgres user=postgres")
                .containsEntry("GRANARY_DB_STANDBY_PORT", "25433")
                .containsEntry("GRANARY_POSTGRES_STANDBY_URL", "jdbc:postgresql://127.0.0.1:25433/postgres?user=postgres")
                .containsEntry("GRANARY_INGEST_SERVICE_URL", "http://127.0.0.1:8080")
                .containsEntry("GRANARY_ARCHIVE_2_DB_URL", "jdbc:postgresql://127.0.0.1:25432/granary_archive_2?user=postgres");
        // The next ops/granary (down, up) sees what eval exported: it must still run the embedded server, not take it for an external one.
        PlatformSettings afterEval = PlatformSettings.fromEnvironment(root, exported);
        assertThat(afterEval.externalDatabaseUrl()).isEmpty();
        assertThat(afterEval.standbyPort()).isEqualTo(25433);
        assertThat(afterEval.home()).isEqualTo(home);
    }

    private String env(Path home) throws Exception {
        for (String module : List.of("ingest-service", "archive-store")) {
            Files.createDirectories(root.resolve(module));
            Files.writeString(root.resolve(module).resolve("pom.xml"), "<project/>");
        }
        PlatformSettings settings = PlatformSettings.fromEnvironment(root, Map.of("GRANARY_HOME", home.toString(), "GRANARY_DB_PORT", "25432"));
        var out = new ByteArrayOutputStream();
        try (var printed = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            assertThat(new Launcher(settings, printed).env()).isZero();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
