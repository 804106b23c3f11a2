package org.granary.metadatasync.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Lag-awareness: a difference found while the streams run may be a change on its way. Each one is
 * read again once both streams have passed the moment it was found; what still differs is
 * reported, unless the file changed again meanwhile (legacy {@code update_time} after the mark, or
 * the sync applied a change to it within {@code settle}): those go round again, and what is still
 * moving after the last round is counted as unsettled, not reported.
 */
public final class Recheck {
    /** Which of these files the sync applied a change to since a time (its own bookkeeping). */
    @FunctionalInterface
    public interface RecentChanges {
        Set<String> changedSince(Collection<String> fileNames, Instant since);

        static RecentChanges none() {
            return (fileNames, since) -> Set.of();
        }
    }

    /** What stays after re-checking: reported differences, and files still changing. */
    public record Result(List<Difference> differences, List<String> unsettled) {
        public Result {
            differences = List.copyOf(differences);
            unsettled = List.copyOf(unsettled);
        }
    }

    /**
     * How re-checks wait and when a file counts as still moving.
     *
     * @param passWait how long to wait for the streams to pass a mark
     * @param settle a change applied by the sync this recently means the file is still moving
     * @param rounds how often a moving file is read again
     */
    public record Settings(Duration passWait, Duration settle, int rounds) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(2), Duration.ofSeconds(10), 3);
    }

    private final Reconciler reconciler;
    private final StreamWatermark watermark;
    private final RecentChanges recent;
    private final Settings settings;

    public Recheck(Reconciler reconciler, StreamWatermark watermark, RecentChanges recent, Settings settings) {
        this.reconciler = requireNonNull(reconciler, "reconciler is null");
        this.watermark = requireNonNull(watermark, "watermark is null");
        this.recent = requireNonNull(recent, "recent is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    public Result settle(List<Difference> candidates, RangeFilter filter) throws InterruptedException {
        List<Difference> reported = new ArrayList<>();
        List<Difference> moving = candidates;
        for (int round = 0; round < settings.rounds() && !moving.isEmpty(); round++) {
            StreamWatermark.Mark mark = watermark.mark();
            if (!awaitPassed(mark)) {
                break;
            }
            List<Difference> now = reconciler.compareFiles(moving.stream().map(Difference::fileName).toList(), filter);
            Set<String> changed = recent.changedSince(now.stream().map(Difference::fileName).toList(), mark.localTime().minus(settings.settle()));
            moving = new ArrayList<>();
            for (Difference difference : now) {
                if (changed.contains(difference.fileName()) || changedAfter(difference, mark.legacyTime())) {
                    moving.add(difference);
                } else {
                    reported.add(difference);
                }
            }
        }
        return new Result(reported, moving.stream().map(Difference::fileName).toList());
    }

    private static boolean changedAfter(Difference difference, Instant time) {
        return difference.legacy() != null && difference.legacy().changedAt() != null && difference.legacy().changedAt().isAfter(time);
    }

    private boolean awaitPassed(StreamWatermark.Mark mark) throws InterruptedException {
        long deadline = System.nanoTime() + settings.passWait().toNanos();
        while (!watermark.passed(mark)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }
}
