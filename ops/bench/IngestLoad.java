import java.net.URI;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stations pushing small OMTO3 granules to ingest-service: first for a warm-up (the JVMs compile
 * their hot code; on 2 cores that takes a minute or more), then for the measured time; prints the
 * granules per second of both and the failures.
 * Usage: java IngestLoad.java URL TOKEN STATIONS SECONDS KIB [WARMUP_SECONDS [GRANARY_HOME]]
 * With the platform's home, it also prints each process's CPU per granule of the measured window.
 */
public class IngestLoad {
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy'm'MMdd't'HHmm").withZone(ZoneOffset.UTC);

    public static void main(String[] arguments) throws Exception {
        String url = arguments[0];
        String token = arguments[1];
        int stations = Integer.parseInt(arguments[2]);
        Duration length = Duration.ofSeconds(Long.parseLong(arguments[3]));
        int bytes = Integer.parseInt(arguments[4]) * 1024;
        Duration warmup = Duration.ofSeconds(arguments.length > 5 ? Long.parseLong(arguments[5]) : 0);
        ProcessCpu processes = new ProcessCpu(arguments.length > 6 ? java.nio.file.Path.of(arguments[6]) : null);
        ObjectFolders folders = new ObjectFolders(processes.home());
        AtomicInteger orbit = new AtomicInteger(100_000 + (int) (Instant.now().getEpochSecond() % 800) * 1000);
        AtomicLong created = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        double referenceBefore = cpuReference();
        double wakeup = wakeupReference();
        double syscall = syscallReference();
        double storageBefore = storageReference(processes.home());
        Instant end = Instant.now().plus(warmup).plus(length);
        long started = System.nanoTime();
        AtomicLong createdInWarmup = new AtomicLong();
        var cpuAtMeasureStart = new java.util.concurrent.atomic.AtomicReference<>(cpuTimes());
        var processesAtMeasureStart = new java.util.concurrent.atomic.AtomicReference<java.util.Map<String, Long>>(java.util.Map.of());
        AtomicLong foldersAtMeasureStart = new AtomicLong();
        Thread.startVirtualThread(() -> {
            try {
                Thread.sleep(warmup);
                foldersAtMeasureStart.set(folders.count()); // before the CPU snapshots: walking the folders is not the services' work
                createdInWarmup.set(created.get());
                cpuAtMeasureStart.set(cpuTimes());
                processesAtMeasureStart.set(processes.ticks());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (var pool = Executors.newFixedThreadPool(stations)) {
            for (int station = 0; station < stations; station++) {
                pool.submit(() -> {
                    byte[] content = new byte[bytes];
                    new Random().nextBytes(content);
                    while (Instant.now().isBefore(end)) {
                        int number = orbit.incrementAndGet();
                        distinguish(content, number);
                        String name = "OMI-Aura_L2-OMTO3_" + START.format(Instant.parse("2004-10-01T00:00:00Z").plusSeconds(number * 60L))
                                + "-o" + number + "_v003-2012m0405t174311.he5";
                        try {
                            (put(url + "/files/" + name, token, content) == 201 ? created : failed).incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        CpuWindow cpu = CpuWindow.between(cpuAtMeasureStart.get(), cpuTimes());
        double storageAfter = storageReference(processes.home());
        // The disk's speed drifts from minute to minute: the reference is taken before and after the run.
        double storage = (storageBefore + storageAfter) / 2;
        String byProcess = processes.perGranule(processesAtMeasureStart.get(), processes.ticks(), created.get() - createdInWarmup.get());
        long measured = created.get() - createdInWarmup.get();
        double newFolders = 1000.0 * (folders.count() - foldersAtMeasureStart.get()) / Math.max(1, measured);
        double seconds = (System.nanoTime() - started) / 1e9 - warmup.toSeconds();
        double warmupRate = warmup.isZero() ? 0 : createdInWarmup.get() / (double) warmup.toSeconds();
        System.out.printf("pushed=%d failed=%d seconds=%.1f warmup_rate=%.0f rate=%.0f cpu_reference=%.0f/%.0f wakeup_us=%.0f steal=%.1f"
                        + " idle=%.1f cpu_ms=%.2f folders_per_1000=%.0f syscall_ns=%.0f storage_us=%.0f storage_range=%.0f/%.0f by_process=%s%n",
                created.get(), failed.get(), seconds,
                warmupRate, measured / seconds, referenceBefore, cpuReference(), wakeup, cpu.stealPercent(), cpu.idlePercent(), cpu.busyMillis() / measured,
                newFolders, syscall, storage, storageBefore, storageAfter, byProcess);
    }

    /**
     * Makes a station's random content that of granule {@code number} alone: its first bytes
     * carry the number, so every push has its own SHA-256. Drawing 64 KiB of fresh random bytes
     * per push took a station about 70 µs of the CPU the services under test share with it.
     */
    private static void distinguish(byte[] content, int number) {
        for (int i = 0; i < Integer.BYTES && i < content.length; i++) {
            content[i] = (byte) (number >>> (8 * i));
        }
    }

    /**
     * MB/s of MD5 on one core, idle machine otherwise: this machine's speed drifts (a shared host),
     * by half at times, so a rate is only comparable to one measured at a similar reference.
     */
    private static double cpuReference() throws Exception {
        java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < 64; i++) {
            md5.update(block); // warm up
        }
        long started = System.nanoTime();
        for (int i = 0; i < 256; i++) {
            md5.update(block);
        }
        return 256 * 1.048576 / ((System.nanoTime() - started) / 1e9);
    }

    /**
     * Microseconds for one thread to wake another and be woken back, idle machine otherwise. Each
     * push is a chain of such hand-offs between processes (station, ingest, nodes, PostgreSQL);
     * on one virtual host of this workplace it took 100 µs where 10 is usual, and the same code
     * pushed a third fewer granules there at the same MD5 reference.
     */
    private static double wakeupReference() throws InterruptedException {
        int rounds = 20_000;
        var turn = new java.util.concurrent.atomic.AtomicInteger();
        Thread main = Thread.currentThread();
        Thread echo = Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; i < rounds; i++) {
                while (turn.get() != 2 * i + 1) {
                    java.util.concurrent.locks.LockSupport.park();
                }
                turn.set(2 * i + 2);
                java.util.concurrent.locks.LockSupport.unpark(main);
            }
        });
        long started = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            turn.set(2 * i + 1);
            java.util.concurrent.locks.LockSupport.unpark(echo);
            while (turn.get() != 2 * i + 2) {
                java.util.concurrent.locks.LockSupport.park();
            }
        }
        echo.join();
        return (System.nanoTime() - started) / 1e3 / rounds;
    }

    /**
     * Nanoseconds of one cheap system call ({@code fstat}, through {@code FileChannel.size}), idle
     * machine otherwise. Hosts of this workplace differ here by several times: a guest whose kernel
     * isolates its page tables (PTI) on a CPU without PCID pays a hypervisor exit and a TLB flush at
     * every entry, and every step of a push (sockets, files, fsyncs, PostgreSQL) enters the kernel.
     */
    private static double syscallReference() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("syscall-reference", ".tmp");
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
            for (int i = 0; i < 20_000; i++) {
                channel.size(); // warm up; a native call, never optimised away
            }
            int rounds = 200_000;
            long started = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                channel.size();
            }
            return (System.nanoTime() - started) / (double) rounds;
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /**
     * Microseconds of wall time for what an archive node does with a small object, on the disk of
     * the platform's home, idle machine otherwise: a 64 KiB file written (through the page cache,
     * where a node writes small objects past it) in one folder and fsynced,
     * renamed into another and that folder fsynced. It says what this host's storage makes of a
     * durable small write (on a file system without a journal each fsync is several synchronous
     * metadata writes and a cache flush, one after the other), independently of our code. The
     * median of 500 such writes.
     */
    private static double storageReference(java.nio.file.Path home) throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Files.createTempDirectory(home == null ? java.nio.file.Path.of(System.getProperty("java.io.tmpdir")) : home,
                "storage-reference");
        java.nio.file.Path incoming = java.nio.file.Files.createDirectory(root.resolve("incoming"));
        java.nio.file.Path objects = java.nio.file.Files.createDirectory(root.resolve("objects"));
        byte[] content = new byte[64 * 1024];
        new Random().nextBytes(content);
        int rounds = 500;
        long[] nanos = new long[rounds];
        try {
            for (int i = 0; i < rounds; i++) {
                long started = System.nanoTime();
                java.nio.file.Path part = incoming.resolve(i + ".part");
                try (var channel = java.nio.channels.FileChannel.open(part, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    channel.write(java.nio.ByteBuffer.wrap(content));
                    channel.force(true);
                }
                java.nio.file.Files.move(part, objects.resolve(String.valueOf(i)), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                try (var folder = java.nio.channels.FileChannel.open(objects, java.nio.file.StandardOpenOption.READ)) {
                    folder.force(true);
                }
                nanos[i] = System.nanoTime() - started;
            }
            java.util.Arrays.sort(nanos);
            return nanos[rounds / 2] / 1e3; // the median: a write that met a cache flush of the host's is not this disk's usual
        } finally {
            try (var files = java.nio.file.Files.walk(root)) {
                for (var path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(path);
                }
            }
        }
    }

    /** The machine's CPU time counters (Linux /proc/stat), empty elsewhere. */
    private static long[] cpuTimes() {
        try {
            String[] fields = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            return java.util.Arrays.stream(fields, 1, fields.length).mapToLong(Long::parseLong).toArray();
        } catch (Exception e) {
            return new long[0];
        }
    }

    /**
     * The machine's CPU time during the measured window, from /proc/stat's cpu line (hundredths
     * of a second; the guest columns after steal are counted in user time already). Steal is what
     * the hypervisor gave to other guests: a run with much of it measured a busy host, not the
     * code. Idle (with I/O wait) tells whether the run was bound by CPU or by waiting: stations
     * that each wait for their own push can leave the machine idle.
     */
    private record CpuWindow(long total, long idle, long steal) {
        private static final int IDLE = 3;
        private static final int IOWAIT = 4;
        private static final int STEAL = 7;

        static CpuWindow between(long[] before, long[] after) {
            if (before.length <= STEAL || after.length <= STEAL) {
                return new CpuWindow(0, 0, 0);
            }
            long total = 0;
            for (int i = 0; i <= STEAL; i++) {
                total += after[i] - before[i];
            }
            return new CpuWindow(total, after[IDLE] - before[IDLE] + after[IOWAIT] - before[IOWAIT], after[STEAL] - before[STEAL]);
        }

        double stealPercent() {
            return total == 0 ? Double.NaN : 100.0 * steal / total;
        }

        double idlePercent() {
            return total == 0 ? Double.NaN : 100.0 * idle / total;
        }

        double busyMillis() {
            return total == 0 ? Double.NaN : 10.0 * (total - idle - steal);
        }
    }

    /**
     * CPU time of the platform's processes (Linux /proc), to tell which one a granule's CPU goes
     * to without a profiler: each service by its pid file under {@code run/}, PostgreSQL as its
     * postmaster and every process it started, and this load generator. A PostgreSQL backend that
     * ends within the window takes its time with it; the services' connection pools keep theirs.
     */
    private record ProcessCpu(java.nio.file.Path home) {
        java.util.Map<String, Long> ticks() {
            var ticks = new java.util.TreeMap<String, Long>();
            if (home == null) {
                return ticks;
            }
            try (var pidFiles = java.nio.file.Files.list(home.resolve("run"))) {
                for (var pidFile : pidFiles.filter(file -> file.toString().endsWith(".pid")).toList()) {
                    String service = pidFile.getFileName().toString().replace(".pid", "");
                    ticks.put(service, ticksOf(Long.parseLong(java.nio.file.Files.readString(pidFile).trim())));
                }
                long postmaster = Long.parseLong(java.nio.file.Files.readAllLines(home.resolve("postgres/data/postmaster.pid")).getFirst().trim());
                ticks.put("postgresql", ProcessHandle.of(postmaster).stream().flatMap(ProcessHandle::descendants)
                        .mapToLong(child -> ticksOf(child.pid())).sum() + ticksOf(postmaster));
            } catch (java.io.IOException | RuntimeException e) {
                return java.util.Map.of(); // no figures rather than wrong ones
            }
            ticks.put("load-generator", ticksOf(ProcessHandle.current().pid()));
            return ticks;
        }

        /** Milliseconds of CPU per granule for each process, busiest first: {@code ingest-service:1.31,...}. */
        String perGranule(java.util.Map<String, Long> before, java.util.Map<String, Long> after, long granules) {
            return after.entrySet().stream().filter(entry -> before.containsKey(entry.getKey()) && granules > 0)
                    .map(entry -> java.util.Map.entry(entry.getKey(), 10.0 * (entry.getValue() - before.get(entry.getKey())) / granules))
                    .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                    .filter(entry -> entry.getValue() >= 0.005)
                    .map(entry -> String.format("%s:%.2f", entry.getKey(), entry.getValue()))
                    .collect(java.util.stream.Collectors.joining(","));
        }

        /** User and system time of one process, in hundredths of a second; 0 once it is gone. */
        private static long ticksOf(long pid) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (java.io.IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    /**
     * The object folders ({@code objects/ab/cd}) of every archive node's volumes. An empty archive
     * makes one with a write until its 65,536 exist on each node (a mkdir and a folder fsync more);
     * an archive in service has them all, so the count made during the measured window tells how
     * far the figure is still the empty archive's.
     */
    private record ObjectFolders(java.nio.file.Path home) {
        long count() {
            if (home == null) {
                return 0;
            }
            try (var volumes = java.nio.file.Files.find(home.resolve("services"), 4,
                    (path, attributes) -> attributes.isDirectory() && path.getFileName().toString().equals("objects"))) {
                long folders = 0;
                for (var objects : volumes.toList()) {
                    try (var leaves = java.nio.file.Files.find(objects, 2, (path, attributes) -> attributes.isDirectory()
                            && path.getParent().getParent().equals(objects))) {
                        folders += leaves.count();
                    }
                }
                return folders;
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return 0;
            }
        }
    }

    /**
     * One push over a kept-alive blocking connection, as a station's curl loop would: the JDK's
     * asynchronous HttpClient took a twentieth of the machine's CPU for the load generator alone,
     * CPU the services under test then lacked.
     */
    private static int put(String url, String token, byte[] content) throws java.io.IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setRequestMethod("PUT");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(content.length);
        connection.setRequestProperty("Authorization", "Bearer " + token);
        try (var out = connection.getOutputStream()) {
            out.write(content);
        }
        int status = connection.getResponseCode();
        try (var in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (in != null) {
                in.readAllBytes(); // read to the end, so the connection is kept for the next push
            }
        }
        return status;
    }
}
