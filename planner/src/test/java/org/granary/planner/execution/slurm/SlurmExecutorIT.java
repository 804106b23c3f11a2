package org.granary.planner.execution.slurm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.granary.planner.execution.ExecutionException;
import org.granary.planner.execution.RunReference;
import org.granary.planner.execution.RunRequest;
import org.granary.planner.execution.RunStatus;
import org.granary.postgres.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Slurm executor on a real one-node cluster ({@link SlurmCluster}). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlurmExecutorIT {
    private static final AtomicLong JOB_IDS = new AtomicLong();

    @TempDir
    static Path root;

    private static SlurmCluster cluster;
    private static SlurmExecutor executor;
    private static RunReference timeLimited;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SlurmCluster.start();
        executor = new SlurmExecutor(cluster.executorProperties());
        // Slurm's shortest time limit is a minute, enforced by a check every 30 s: the job starts first, so that its
        // minute passes while the other tests run, and its test comes last.
        timeLimited = executor.start(request(List.of("sleep", marker()), Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void runsTheCommandInItsWorkDirectoryWithItsEnvironmentAndOutputFiles() throws IOException {
        String awkward = "it's \"quoted\", $HOME `id`; * \\ %j";
        RunRequest request = request(List.of("/bin/sh", "-c", "pwd > where; printf '%s\\n' \"$1\" > argument;"
                + " printf '%s\\n' \"$GRANARY_TEST\" > variable; echo to-stdout; echo to-stderr >&2", "sh", awkward),
                Map.of("GRANARY_TEST", "a b'c,d=e"), Duration.ofMinutes(5));

        RunReference reference = executor.start(request);

        assertThat(reference.executor()).isEqualTo("slurm");
        assertThat(awaitEnd(reference)).isEqualTo(new RunStatus.Exited(0));
        Path work = request.workDirectory();
        assertThat(Files.readString(work.resolve("where"))).isEqualTo(work + "\n");
        assertThat(Files.readString(work.resolve("argument"))).isEqualTo(awkward + "\n");
        assertThat(Files.readString(work.resolve("variable"))).isEqualTo("a b'c,d=e\n");
        assertThat(Files.readString(request.stdout())).isEqualTo("to-stdout\n");
        assertThat(Files.readString(request.stderr())).isEqualTo("to-stderr\n");
    }

    @Test
    void reportsTheExitCodeOfTheCommand() throws IOException {
        RunRequest request = request(List.of("/bin/sh", "-c", "exit 3"), Duration.ofMinutes(5));

        RunReference reference = executor.start(request);

        assertThat(awaitEnd(reference)).isEqualTo(new RunStatus.Exited(3));
        assertThat(Files.readString(request.workDirectory().resolve(".granary-exit-code-" + jobId(reference)))).isEqualTo("3\n");
    }

    @Test
    void cancelStopsTheRunAndEveryProcessOfIt() {
        String marker = marker();
        RunReference reference = executor.start(request(List.of("/bin/sh", "-c", "sleep " + marker + " & sleep " + marker + "; wait"),
                Duration.ofMinutes(5)));
        // the shell and its two sleeps
        await().atMost(Duration.ofSeconds(30)).until(() -> processesWith(marker).size() == 3);
        assertThat(executor.status(reference)).isEqualTo(new RunStatus.Running());

        executor.cancel(reference);

        assertThat(awaitEnd(reference)).isEqualTo(new RunStatus.Cancelled());
        assertThat(processesWith(marker)).isEmpty();
        executor.cancel(reference);
        assertThat(executor.status(reference)).isEqualTo(new RunStatus.Cancelled());
    }

    @Test
    void aJobCancelledOutsideGranaryIsLost() throws Exception {
        String marker = marker();
        RunReference reference = executor.start(request(List.of("sleep", marker), Duration.ofMinutes(5)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processesWith(marker).size() == 1);

        cluster.run("scancel", jobId(reference));

        assertThat(awaitEnd(reference)).isInstanceOfSatisfying(RunStatus.Lost.class,
                lost -> assertThat(lost.reason()).contains("cancelled outside Granary"));
        assertThat(processesWith(marker)).isEmpty();
    }

    @Test
    void aBatchScriptKilledWithSigkillIsLostAndItsCommandEndsWithIt() {
        String marker = marker();
        RunReference reference = executor.start(request(List.of("sleep", marker), Duration.ofMinutes(5)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processesWith(marker).size() == 1);
        ProcessHandle batchScript = processesWith(marker).getFirst().parent().orElseThrow();

        batchScript.destroyForcibly();

        assertThat(awaitEnd(reference)).isInstanceOfSatisfying(RunStatus.Lost.class, lost -> assertThat(lost.reason())
                .contains("failed before its command could record an exit code").contains("exit code 0:9"));
        await().atMost(Duration.ofSeconds(30)).until(() -> processesWith(marker).isEmpty());
    }

    @Test
    void aCommandKilledBySignalExitsWith128PlusTheSignal() {
        String marker = marker();
        RunReference reference = executor.start(request(List.of("sleep", marker), Duration.ofMinutes(5)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processesWith(marker).size() == 1);

        processesWith(marker).getFirst().destroyForcibly();

        assertThat(awaitEnd(reference)).isEqualTo(new RunStatus.Exited(128 + 9));
    }

    @Test
    void coresMemoryTimeLimitAndNameReachSlurm() throws Exception {
        RunRequest request = new RunRequest(JOB_IDS.incrementAndGet(), 2, workDirectory(), List.of("sleep", marker()), Map.of(), 2, 300,
                Duration.ofSeconds(90), Path.of("stdout"), Path.of("stderr"));
        RunReference reference = executor.start(request);

        String job = cluster.run("scontrol", "show", "job", "--oneliner", jobId(reference));

        assertThat(job).contains(" JobName=" + request.runName() + " ", " NumCPUs=2 ", " CPUs/Task=2 ", " MinMemoryNode=300M ",
                " TimeLimit=00:02:00 ", " Partition=" + SlurmCluster.PARTITION + " ", " Requeue=0 ", " WorkDir=" + request.workDirectory() + " ",
                " StdOut=" + request.workDirectory().resolve("stdout") + " ");
        executor.cancel(reference);
        assertThat(awaitEnd(reference)).isEqualTo(new RunStatus.Cancelled());
    }

    @Test
    void aJobSlurmDoesNotKnowIsLostUnlessItLeftAnExitCode() throws IOException {
        Path work = workDirectory();
        RunReference reference = new RunReference("slurm", "99999999@" + work);

        assertThat(executor.status(reference)).isInstanceOfSatisfying(RunStatus.Lost.class,
                lost -> assertThat(lost.reason()).contains("Slurm does not know job 99999999").contains(work.toString()));
        Files.writeString(work.resolve(".granary-exit-code-99999999"), "5\n");
        assertThat(executor.status(reference)).isEqualTo(new RunStatus.Exited(5));
        executor.cancel(reference);
    }

    @Test
    void aJobTheClusterCannotRunIsRefusedForGood() {
        RunRequest request = new RunRequest(JOB_IDS.incrementAndGet(), 1, workDirectory(), List.of("true"), Map.of(), 1, 1 << 30,
                Duration.ofMinutes(1), Path.of("stdout"), Path.of("stderr"));

        assertThatThrownBy(() -> executor.start(request)).isInstanceOfSatisfying(ExecutionException.class, failure -> {
            assertThat(failure.retriable()).isFalse();
            assertThat(failure).hasMessageContaining("Requested node configuration is not available");
        });
    }

    @Test
    void aControllerOutOfReachIsRetriable() throws IOException {
        Path configuration = root.resolve("unreachable.conf");
        int unusedPort = FreePorts.outsideEphemeralRange();
        Files.writeString(configuration, Files.readString(cluster.slurmConf()).replaceFirst("SlurmctldPort=\\d+", "SlurmctldPort=" + unusedPort));
        SlurmProperties properties = cluster.executorProperties();
        SlurmExecutor unreachable = new SlurmExecutor(new SlurmProperties(properties.commandDirectory(),
                Map.of("SLURM_CONF", configuration.toString()), properties.partition(), properties.commandTimeout()));

        assertThatThrownBy(() -> unreachable.start(request(List.of("true"), Duration.ofMinutes(1))))
                .isInstanceOfSatisfying(ExecutionException.class, failure -> {
                    assertThat(failure.retriable()).isTrue();
                    assertThat(failure).hasMessageContaining("Unable to contact slurm controller");
                });
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aRunPastItsTimeLimitTimesOut() {
        assertThat(await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> executor.status(timeLimited),
                RunStatus::ended)).isEqualTo(new RunStatus.TimedOut());
    }

    private static RunStatus awaitEnd(RunReference reference) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> executor.status(reference),
                RunStatus::ended);
    }

    private static RunRequest request(List<String> command, Duration timeLimit) {
        return request(command, Map.of(), timeLimit);
    }

    private static RunRequest request(List<String> command, Map<String, String> environment, Duration timeLimit) {
        Path work = workDirectory();
        return new RunRequest(JOB_IDS.incrementAndGet(), 1, work, command, environment, 1, 100, timeLimit, work.resolve("stdout"),
                work.resolve("stderr"));
    }

    private static Path workDirectory() {
        try {
            return Files.createTempDirectory(root, "job-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jobId(RunReference reference) {
        return reference.id().substring(0, reference.id().indexOf('@'));
    }

    /** A sleep no other process on this machine has: a duration with random decimals, e.g. 3600.482913. */
    private static String marker() {
        return "3600." + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
    }

    /** What {@code pgrep -f} would find. */
    private static List<ProcessHandle> processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(marker))
                .toList();
    }
}
