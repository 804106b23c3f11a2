import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference of the planner's dispatch benchmark: starts the no-op PGE as a process and waits
 * for it, {@code COUNT} times, from {@code THREADS} threads each running one after the other, with
 * the arguments, working directory and redirections the planner's local executor gives a job
 * (stdout and stderr to files, stdin from /dev/null); prints processes per second. What it leaves
 * out is what the planner adds: claiming, staging, the push to ingest, the records.
 * Usage: java ProcessLoop.java PGE COUNT THREADS WORK_DIRECTORY
 */
public class ProcessLoop {
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy'm'MMdd't'HHmm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PRODUCTION = DateTimeFormatter.ofPattern("yyyy'm'MMdd't'HHmmss").withZone(ZoneOffset.UTC);

    public static void main(String[] arguments) throws Exception {
        String pge = arguments[0];
        int count = Integer.parseInt(arguments[1]);
        int threads = Integer.parseInt(arguments[2]);
        Path work = Path.of(arguments[3]);
        Path input = Files.writeString(Files.createDirectories(work).resolve("input.he4"), "input\n");
        String production = PRODUCTION.format(Instant.now());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long started = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (int thread = 0; thread < threads; thread++) {
                Path directory = Files.createDirectories(work.resolve("thread-" + thread));
                Path outputs = Files.createDirectories(directory.resolve("out"));
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        int orbit = 1132 + i;
                        String start = START.format(Instant.parse("2004-10-01T00:03:00Z").plusSeconds(5933L * i));
                        Process process = new ProcessBuilder(pge, String.valueOf(orbit), start, production, outputs.toString(), input.toString())
                                .directory(directory.toFile())
                                .redirectOutput(directory.resolve("stdout").toFile()).redirectError(directory.resolve("stderr").toFile())
                                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                                .start();
                        if (process.waitFor() != 0) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("processes=%d threads=%d failed=%d seconds=%.3f rate=%.1f%n", count, threads, failed.get(), seconds, count / seconds);
    }
}
