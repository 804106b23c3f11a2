package org.granary.metadatasync.reconcile;

import java.time.Instant;

/**
 * How far the change streams have got, so that a difference is judged only once every change made
 * before it was seen has been applied to the other side.
 */
public interface StreamWatermark {
    /**
     * A point to wait for.
     *
     * @param legacyLsn the legacy database's WAL position then
     * @param legacyTime the legacy database's clock then, as its {@code update_time} would say (UTC)
     * @param localTime this service's clock then
     */
    record Mark(long legacyLsn, Instant legacyTime, Instant localTime) {
    }

    /** Where the streams are to get to now. */
    Mark mark();

    /** Whether both streams have applied every change committed before the mark. */
    boolean passed(Mark mark);

    /** No stream runs (two sides compared at rest): every mark is passed at once. */
    static StreamWatermark none() {
        return new StreamWatermark() {
            @Override
            public Mark mark() {
                Instant now = Instant.now();
                return new Mark(0, now, now);
            }

            @Override
            public boolean passed(Mark mark) {
                return true;
            }
        };
    }
}
