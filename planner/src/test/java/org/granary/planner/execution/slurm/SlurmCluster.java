package org.granary.planner.execution.slurm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.granary.postgres.FreePorts;

/**
 * A one-node Slurm cluster of its own, for tests: {@code munged}, {@code slurmctld} and {@code
 * slurmd} as children of the test JVM, with their key, socket, configuration, state and logs in a
 * temporary directory and ports chosen free, so that neither {@code /etc/slurm} nor {@code
 * /etc/munge} nor another test JVM's cluster matters. Runs as root (slurmd starts jobs as their
 * user). Every Slurm command must be run with {@link #environment()}: it points at this cluster.
 */
public final class SlurmCluster implements AutoCloseable {
    /** The cluster's only partition, its default. */
    public static final String PARTITION = "granary";

    private static final Duration STARTUP = Duration.ofMinutes(1);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final Path clientDirectory;
    private final String nodeName;
    private final List<Daemon> daemons = new ArrayList<>();

    /** A started daemon; its standard output and error go to {@code log/<name>.out}. */
    private record Daemon(String name, Process process) {
    }

    private SlurmCluster(Path directory, Path clientDirectory, String nodeName) {
        this.directory = directory;
        this.clientDirectory = clientDirectory;
        this.nodeName = nodeName;
    }

    /** Starts the cluster and returns once its node is idle, ready for jobs. */
    public static SlurmCluster start() throws IOException, InterruptedException {
        Path sbatch = installed("sbatch");
        List.of("scontrol", "slurmctld", "slurmd", "munged").forEach(SlurmCluster::installed);
        if (!ProcessHandle.current().info().user().orElse("").equals("root")) {
            throw new IllegalStateException("the Slurm test cluster runs as root (slurmd starts jobs as their user)");
        }
        Path directory = Files.createTempDirectory("granary-slurm-");
        // munged refuses a socket in a directory that not everyone may enter.
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        SlurmCluster cluster = new SlurmCluster(directory, sbatch.getParent(), shortHostname());
        try {
            cluster.boot();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            // close() removes the logs: what they say goes with the failure
            e.addSuppressed(new IllegalStateException("the end of the cluster's logs:\n" + cluster.logEnds()));
            cluster.close();
            throw e;
        }
    }

    public Path slurmConf() {
        return directory.resolve("slurm.conf");
    }

    /** What every Slurm command needs to talk to this cluster. */
    public Map<String, String> environment() {
        return Map.of("SLURM_CONF", slurmConf().toString());
    }

    /** The node's name: this machine's short host name. */
    public String nodeName() {
        return nodeName;
    }

    /** Settings of a {@link SlurmExecutor} on this cluster. */
    public SlurmProperties executorProperties() {
        return new SlurmProperties(clientDirectory, environment(), Optional.of(PARTITION), COMMAND_TIMEOUT);
    }

    /** Runs a Slurm command ({@code scontrol}, {@code scancel}, ...) on this cluster; returns its output, fails unless it exits with 0. */
    public String run(String command, String... arguments) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(clientDirectory.resolve(command).toString()));
        line.addAll(List.of(arguments));
        return execute(line, environment());
    }

    private void boot() throws IOException, InterruptedException {
        for (String folder : List.of("munge", "state", "spool", "log")) {
            Files.createDirectories(directory.resolve(folder));
        }
        startMunge();
        Files.writeString(directory.resolve("plugstack.conf"), "");
        Files.writeString(slurmConf(), configuration(directory, nodeName, FreePorts.outsideEphemeralRange(), FreePorts.outsideEphemeralRange()),
                StandardCharsets.UTF_8);
        start("slurmctld", List.of(installed("slurmctld").toString(), "-D", "-f", slurmConf().toString()));
        start("slurmd", List.of(installed("slurmd").toString(), "-D", "-f", slurmConf().toString(), "-N", nodeName));
        awaitIdleNode();
    }

    private void startMunge() throws IOException, InterruptedException {
        Path munge = directory.resolve("munge");
        Path key = munge.resolve("munge.key");
        byte[] secret = new byte[1024];
        new SecureRandom().nextBytes(secret);
        Files.write(key, secret);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path socket = munge.resolve("munge.socket");
        start("munged", List.of(installed("munged").toString(), "--foreground", "--socket=" + socket, "--key-file=" + key,
                "--pid-file=" + munge.resolve("munged.pid"), "--log-file=" + munge.resolve("munged.log"),
                "--seed-file=" + munge.resolve("munged.seed")));
        await("munged to open its socket", () -> Files.exists(socket));
    }

    private void start(String name, List<String> command) throws IOException {
        Path log = directory.resolve("log").resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment());
        daemons.add(new Daemon(name, builder.start()));
    }

    private void awaitIdleNode() throws InterruptedException {
        await("node " + nodeName + " to be idle", () -> {
            try {
                return run("sinfo", "--noheader", "--nodes=" + nodeName, "--format=%t").strip().equals("idle");
            } catch (IOException | IllegalStateException notYet) {
                return false;
            }
        });
    }

    /** A condition that may throw InterruptedException. */
    private interface Condition {
        boolean holds() throws InterruptedException;
    }

    private void await(String what, Condition condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (!condition.holds()) {
            Optional<Daemon> dead = daemons.stream().filter(daemon -> !daemon.process().isAlive()).findFirst();
            if (dead.isPresent() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("waited in vain for " + what
                        + dead.map(daemon -> ": " + daemon.name() + " exited").orElse(""));
            }
            Thread.sleep(200);
        }
    }

    /** Ends the jobs, then the daemons, and removes the directory. */
    @Override
    public void close() {
        try {
            if (daemons.stream().anyMatch(daemon -> daemon.name().equals("slurmd") && daemon.process().isAlive())) {
                endJobs();
            }
            stopDaemons();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            daemons.forEach(daemon -> daemon.process().destroyForcibly());
        }
        deleteDirectory();
    }

    private void stopDaemons() throws InterruptedException {
        for (Daemon daemon : daemons.reversed()) {
            daemon.process().destroy();
            if (!daemon.process().waitFor(15, TimeUnit.SECONDS)) {
                daemon.process().destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        }
    }

    private void endJobs() throws InterruptedException {
        try {
            run("scancel", "--partition=" + PARTITION);
            Instant deadline = Instant.now().plusSeconds(20);
            while (!run("squeue", "--noheader").isBlank() && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
        } catch (IOException | IllegalStateException e) {
            // the jobs' processes end with slurmd's children at worst; the daemons must stop regardless
        }
    }

    private String logEnds() {
        try (Stream<Path> daemonLogs = Files.list(directory.resolve("log"))) {
            StringBuilder ends = new StringBuilder();
            for (Path log : Stream.concat(daemonLogs, Stream.of(directory.resolve("munge/munged.log"))).filter(Files::isRegularFile).sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                ends.append("== ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(line -> ends.append(line).append('\n'));
            }
            return ends.toString();
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the Slurm test cluster's directory " + directory, e);
        }
    }

    private static String configuration(Path directory, String nodeName, int controllerPort, int nodePort) throws IOException {
        return """
                ClusterName=granary-test
                SlurmctldHost=%2$s(127.0.0.1)
                SlurmctldPort=%3$d
                SlurmdPort=%4$d
                SlurmUser=root
                SlurmdUser=root
                AuthType=auth/munge
                AuthInfo=socket=%1$s/munge/munge.socket
                CredType=cred/munge
                # proctrack/linuxproc lets a command outlive its batch script killed with SIGKILL (it is reparented to init and
                # no longer a descendant); the process group holds it. Production clusters use proctrack/cgroup.
                ProctrackType=proctrack/pgid
                TaskPlugin=task/none
                JobAcctGatherType=jobacct_gather/none
                AccountingStorageType=accounting_storage/none
                JobCompType=jobcomp/none
                SelectType=select/cons_tres
                SelectTypeParameters=CR_Core_Memory
                MpiDefault=none
                PlugStackConfig=%1$s/plugstack.conf
                MailProg=/bin/true
                StateSaveLocation=%1$s/state
                SlurmdSpoolDir=%1$s/spool
                SlurmctldPidFile=%1$s/slurmctld.pid
                SlurmdPidFile=%1$s/slurmd.pid
                SlurmctldLogFile=%1$s/log/slurmctld.log
                SlurmdLogFile=%1$s/log/slurmd.log
                # Ended jobs stay visible to scontrol for a day; cancelled ones end 5 s after SIGTERM at the latest.
                MinJobAge=86400
                KillWait=5
                ReturnToService=2
                # The node claims at least 4 CPUs, so that a job holding one for minutes (the time limit test) does not
                # make the others queue on a small machine; with task/none Slurm only counts them.
                SlurmdParameters=config_overrides
                NodeName=%2$s NodeAddr=127.0.0.1 CPUs=%5$d RealMemory=%6$d State=UNKNOWN
                PartitionName=%7$s Nodes=%2$s Default=YES MaxTime=INFINITE State=UP
                """.formatted(directory, nodeName, controllerPort, nodePort, Math.max(4, Runtime.getRuntime().availableProcessors()),
                memoryMegabytes(), PARTITION);
    }

    private static long memoryMegabytes() throws IOException {
        Matcher total = Pattern.compile("(?m)^MemTotal:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/meminfo")));
        if (!total.find()) {
            throw new IllegalStateException("no MemTotal in /proc/meminfo");
        }
        return Long.parseLong(total.group(1)) / 1024;
    }

    private static Path installed(String command) {
        Stream<String> path = Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(":", -1));
        return Stream.concat(path, Stream.of("/usr/sbin", "/sbin", "/usr/local/sbin"))
                .filter(folder -> !folder.isEmpty())
                .map(folder -> Path.of(folder, command))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the Slurm tests need Slurm and munge: no " + command
                        + " on the PATH or in /usr/sbin; install them with apt-get install slurm-wlm munge"));
    }

    private static String shortHostname() throws IOException, InterruptedException {
        return execute(List.of("hostname", "-s"), Map.of()).strip();
    }

    private static String execute(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path output = Files.createTempFile("granary-slurm-command-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than " + COMMAND_TIMEOUT);
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.delete(output);
        }
    }
}
