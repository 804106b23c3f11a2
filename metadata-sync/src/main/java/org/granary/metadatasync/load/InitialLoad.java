package org.granary.metadatasync.load;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.granary.metadatasync.apply.SyncApplier;
import org.granary.metadatasync.apply.SyncApplier.LoadedChunk;
import org.granary.metadatasync.legacy.LegacyDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Copies the legacy rows that the stream cannot bring: those written before the capture's
 * replication slot existed. It runs in file-name order, one chunk at a time through {@link
 * SyncApplier#applyLegacyChunk}, while the stream goes on; its cursor is saved after each chunk,
 * so a restart resumes where it stopped.
 *
 * <p>Why there is no gap and no double: the chunks are read only once the slot captures (is past its consistent point), so a change
 * committed after a chunk read its file is streamed; a chunk and a streamed batch never interleave
 * (the applier holds one at a time), and each applies its files' current state, read then, so the
 * later one carries the newer state; a file already in agreement is not written again.
 *
 * <p>When a load is made, decided at start before the capture makes its slot: on the first start,
 * or when no load ever finished; and whenever the slot is gone (dropped, or lost with the legacy
 * server), since what changed while no slot existed was never captured. A load left unfinished
 * (metadata-sync stopped or killed) is resumed.
 */
public final class InitialLoad implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InitialLoad.class);
    private static final Duration SLOT_POLL = Duration.ofMillis(200);

    /**
     * How the load runs.
     *
     * @param enabled false: never load by itself (the slot is still watched; the status says what is missing)
     * @param chunkFiles legacy files per chunk (one read, one call to ingest-service, one agreement write)
     * @param retryDelay the wait after a chunk failed (ingest-service or a database down) before it is tried again
     */
    public record Settings(boolean enabled, String slotName, int chunkFiles, Duration retryDelay) {
        public Settings {
            requireNonNull(slotName, "slotName is null");
            requireNonNull(retryDelay, "retryDelay is null");
            if (chunkFiles < 1 || chunkFiles > 10_000) {
                throw new IllegalArgumentException("granary.sync.load-chunk is 1 to 10000 files (ingest's batch bound), was " + chunkFiles);
            }
        }
    }

    private final LegacyDatabase legacy;
    private final SyncApplier applier;
    private final LoadStore store;
    private final Settings settings;
    private volatile boolean running;
    private volatile Thread worker;

    public InitialLoad(LegacyDatabase legacy, SyncApplier applier, LoadStore store, Settings settings) {
        this.legacy = requireNonNull(legacy, "legacy is null");
        this.applier = requireNonNull(applier, "applier is null");
        this.store = requireNonNull(store, "store is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** Decides whether a load is due (before the capture starts, so the slot is seen as it was) and starts it on a thread of its own. */
    public void start() throws SQLException {
        Optional<LoadProgress> due = due();
        if (due.isEmpty()) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name("initial-load").daemon().start(() -> run(due.get()));
    }

    private Optional<LoadProgress> due() throws SQLException {
        Optional<LoadProgress> unfinished = store.unfinished();
        if (unfinished.isPresent()) {
            LoadProgress load = unfinished.get();
            log.info("initial load {} resumes after \"{}\" ({} files loaded since {})", load.id(), load.afterFileName(), load.filesLoaded(),
                    load.startedAt());
            return unfinished;
        }
        boolean slotExists = legacy.slotExists(settings.slotName());
        String reason;
        if (!store.anyFinished()) {
            reason = slotExists ? "no initial load had finished" : "first start: the legacy rows written before the capture";
        } else if (!slotExists) {
            reason = "the replication slot " + settings.slotName() + " was gone: changes made while it did not exist were never captured";
            log.warn("{}; loading every legacy file again", reason);
        } else {
            return Optional.empty();
        }
        if (!settings.enabled()) {
            log.warn("an initial load is due ({}) but granary.sync.initial-load is false: legacy rows written before the capture are missing "
                    + "from the catalogue until a reconciliation repairs them", reason);
            return Optional.empty();
        }
        LoadProgress load = store.begin(reason, legacy.estimatedRows());
        log.info("initial load {} begins: {} (about {} legacy files)", load.id(), reason, load.estimatedFiles());
        return Optional.of(load);
    }

    private void run(LoadProgress load) {
        try {
            awaitSlot();
            copy(load);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /** Chunks read before the slot captures could miss a change made between the read and the slot: wait for the capture to make it. */
    private void awaitSlot() throws InterruptedException {
        while (running) {
            try {
                if (legacy.slotCapturing(settings.slotName())) {
                    return;
                }
            } catch (SQLException e) {
                log.debug("cannot see the replication slot yet: {}", e.getMessage());
            }
            Thread.sleep(SLOT_POLL);
        }
    }

    private void copy(LoadProgress load) throws InterruptedException {
        String after = load.afterFileName();
        long files = load.filesLoaded();
        Instant began = Instant.now();
        while (running) {
            try {
                LoadedChunk chunk = applier.applyLegacyChunk(after, settings.chunkFiles());
                boolean last = chunk.files() < settings.chunkFiles();
                store.advance(load.id(), chunk.lastFileName(), chunk.files(), last);
                after = chunk.lastFileName();
                files += chunk.files();
                if (last) {
                    log.info("initial load {} finished: {} legacy files, this run took {} s", load.id(), files,
                            Duration.between(began, Instant.now()).toSeconds());
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                recordFailure(load, after, e);
                Thread.sleep(settings.retryDelay());
            }
        }
    }

    private void recordFailure(LoadProgress load, String after, Exception e) {
        log.warn("initial load {}: the chunk after \"{}\" failed, trying again in {}: {}", load.id(), after, settings.retryDelay(), e.getMessage());
        try {
            store.failed(load.id(), e.getMessage());
        } catch (SQLException unrecorded) {
            log.debug("could not record the failure: {}", unrecorded.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        Thread stopping = worker;
        if (stopping != null) {
            stopping.interrupt();
            try {
                stopping.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
