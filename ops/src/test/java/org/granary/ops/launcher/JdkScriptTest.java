package org.granary.ops.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ops/jdk.sh}, which {@code ops/granary} and {@code .ci/run} source to find a JDK of version
 * 21 or newer, run by bash against fake JDKs (a {@code java} that reports a version, a {@code javac}).
 */
class JdkScriptTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path folder;

    private Path jvm;
    private Path tools;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void toolsTheScriptNeedsAndNoJava() throws Exception {
        jvm = Files.createDirectories(folder.resolve("jvm"));
        tools = Files.createDirectories(folder.resolve("tools"));
        for (String tool : List.of("awk", "sed", "cut", "dirname", "readlink")) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of(which(tool)));
        }
    }

    @Test
    void takesJavaHomeWhenItIsNewEnough() throws Exception {
        Path jdk25 = jdk(folder.resolve("jdk-25"), "25", true);
        onPath(jdk(folder.resolve("jdk-21"), "21", true));

        assertThat(find(jdk25)).isEqualTo(new Run(0, jdk25 + "\n", ""));
    }

    @Test
    void passesOverAnOldJavaHomeToTheJavaOnThePath() throws Exception {
        Path jdk17 = jdk(folder.resolve("jdk-17"), "17", true);
        Path jdk21 = jdk(folder.resolve("jdk-21"), "21", true);
        onPath(jdk21);
        jdk(jvm.resolve("java-25-openjdk-amd64"), "25", true);

        assertThat(find(jdk17).out()).isEqualTo(jdk21 + "\n");
    }

    @Test
    void thenLooksInTheJvmDirectoryForAJdkNotAJre() throws Exception {
        jdk(jvm.resolve("a-java-8"), "1.8", true);
        jdk(jvm.resolve("b-java-17-openjdk-amd64"), "17", true);
        jdk(jvm.resolve("c-java-21-jre"), "21", false);
        Path jdk25 = jdk(jvm.resolve("temurin-25-jdk-amd64"), "25", true);

        assertThat(find(null).out()).isEqualTo(jdk25 + "\n");
    }

    @Test
    void saysWhereItLookedWhenNoJdkIsNewEnough() throws Exception {
        Path jdk17 = jdk(folder.resolve("jdk-17"), "17", true);
        onPath(jdk(folder.resolve("jdk-11"), "11", true));
        jdk(jvm.resolve("java-21-jre"), "21", false);

        Run none = find(jdk17);

        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("no JDK 21 or newer (java and javac) in $JAVA_HOME (" + jdk17 + "), on the PATH or in " + jvm + "\n");
    }

    @Test
    void theScriptsThatUseItAreValidBash() throws Exception {
        for (Path script : List.of(ROOT.resolve("ops/jdk.sh"), ROOT.resolve("ops/granary"), ROOT.resolve(".ci/run"))) {
            Run syntax = bash(List.of("bash", "-n", script.toString()), Map.of("PATH", System.getenv("PATH")));

            assertThat(syntax.exitCode()).as(script + ": " + syntax.err()).isZero();
        }
    }

    private Run find(Path javaHome) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of("PATH", tools.toString()));
        if (javaHome != null) {
            environment.put("JAVA_HOME", javaHome.toString());
        }
        return bash(List.of(which("bash"), "-c", "source \"$1\" && find_java_home \"$2\"", "bash", ROOT.resolve("ops/jdk.sh").toString(),
                jvm.toString()), environment);
    }

    /** A JDK whose java reports {@code version} as the JDK's does, with or without javac. */
    private static Path jdk(Path home, String version, boolean withJavac) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        executable(bin.resolve("java"), "#!/bin/sh\necho '    java.specification.version = " + version + "' >&2\n");
        if (withJavac) {
            executable(bin.resolve("javac"), "#!/bin/sh\n");
        }
        return home;
    }

    private void onPath(Path jdk) throws IOException {
        Files.createSymbolicLink(tools.resolve("java"), jdk.resolve("bin/java"));
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String which(String tool) throws Exception {
        return bash(List.of("bash", "-c", "command -v " + tool), Map.of("PATH", System.getenv("PATH"))).out().strip();
    }

    private static Run bash(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }
}
