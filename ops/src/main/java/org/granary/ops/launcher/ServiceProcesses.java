package org.granary.ops.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts service processes detached from the launcher (their own session, so a Ctrl-C meant for
 * the launcher reaches them only through it), remembers their pids under {@code run/}, and stops
 * them. A pid is trusted only while its command line still carries our marker, so a recycled pid
 * of some other program is never signalled.
 */
final class ServiceProcesses {
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(40);

    private final PlatformSettings settings;
    private final RunnableJars jars;

    ServiceProcesses(PlatformSettings settings) {
        this.settings = settings;
        this.jars = new RunnableJars(settings);
    }

    /** The running process of a service, if any. */
    Optional<ProcessHandle> running(ServiceInstance service) {
        Path pidFile = settings.pidFile(service);
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(process -> ours(process, service));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    ProcessHandle start(ServiceInstance service, Map<String, String> environment) throws IOException, InterruptedException {
        Path jar = jars.prepare(service);
        Files.createDirectories(settings.logFile(service).getParent());
        Files.createDirectories(settings.pidFile(service).getParent());
        Files.createDirectories(settings.serviceHome(service));
        Path log = settings.logFile(service);
        Files.writeString(log, "---- " + Instant.now() + " starting " + service.name() + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>(List.of("setsid", RunnableJars.java(), marker(service)));
        command.addAll(jars.classDataSharingOptions(service));
        command.addAll(Arrays.stream(settings.javaOptions().split("\\s+")).filter(option -> !option.isBlank()).toList());
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(settings.serviceHome(service).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        Files.writeString(settings.pidFile(service), process.pid() + "\n");
        return process.toHandle();
    }

    /** SIGTERM (graceful: requests in flight finish), then SIGKILL if it lingers. */
    void stop(ServiceInstance service) {
        running(service).ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception lingering) {
                process.destroyForcibly();
                process.onExit().join();
            }
        });
        try {
            Files.deleteIfExists(settings.pidFile(service));
        } catch (IOException ignored) {
            // a stale pid file is recognised as stale by running()
        }
    }

    private String marker(ServiceInstance service) {
        return "-Dgranary.instance=" + service.name() + "@" + settings.home();
    }

    private boolean ours(ProcessHandle process, ServiceInstance service) {
        String marker = marker(service);
        return process.info().arguments().map(arguments -> Arrays.asList(arguments).contains(marker)).orElse(false);
    }
}
