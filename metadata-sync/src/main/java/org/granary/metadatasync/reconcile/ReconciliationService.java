package org.granary.metadatasync.reconcile;

import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Runs reconciliations one at a time: compares, re-checks what differs once the streams have
 * passed it, and stores the report.
 */
public final class ReconciliationService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReconciliationService.class);

    /** A reconciliation is already running. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("a reconciliation is already running; wait for it to finish");
        }
    }

    private final Reconciler reconciler;
    private final Recheck recheck;
    private final ReconciliationStore store;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService background = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("reconciliation").daemon().factory());

    public ReconciliationService(Reconciler reconciler, Recheck recheck, ReconciliationStore store) {
        this.reconciler = requireNonNull(reconciler, "reconciler is null");
        this.recheck = requireNonNull(recheck, "recheck is null");
        this.store = requireNonNull(store, "store is null");
    }

    /** Starts a reconciliation in the background; its report is running until it ends. */
    public long start(String trigger, String requestedBy, RangeFilter filter) throws SQLException {
        claim();
        try {
            long id = store.start(trigger, requestedBy, filter);
            background.execute(() -> runClaimed(id, filter));
            return id;
        } catch (SQLException | RuntimeException e) {
            running.set(false);
            throw e;
        }
    }

    /** Runs a reconciliation to its end in the caller's thread (the schedule, tests); returns its id. */
    public long run(String trigger, String requestedBy, RangeFilter filter) throws SQLException {
        claim();
        long id;
        try {
            id = store.start(trigger, requestedBy, filter);
        } catch (SQLException | RuntimeException e) {
            running.set(false);
            throw e;
        }
        runClaimed(id, filter);
        return id;
    }

    private void claim() {
        if (!running.compareAndSet(false, true)) {
            throw new Busy();
        }
    }

    private void runClaimed(long id, RangeFilter filter) {
        try {
            Reconciler.Outcome outcome = reconciler.compare(filter);
            Recheck.Result result = recheck.settle(outcome.differences(), filter);
            store.finish(id, outcome, result);
            log.info("reconciliation {} finished: {} difference(s), {} unsettled, {} ranges compared, {} rows fetched", id,
                    result.differences().size(), result.unsettled().size(), outcome.rangesCompared(), outcome.rowsFetched());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(id, "interrupted");
        } catch (SQLException | RuntimeException e) {
            log.warn("reconciliation {} failed: {}", id, e.getMessage(), e);
            failed(id, e.getMessage());
        } finally {
            running.set(false);
        }
    }

    private void failed(long id, String error) {
        try {
            store.fail(id, error == null ? "failed" : error);
        } catch (SQLException e) {
            log.warn("cannot mark reconciliation {} failed: {}", id, e.getMessage());
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
