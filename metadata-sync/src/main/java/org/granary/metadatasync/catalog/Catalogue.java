package org.granary.metadatasync.catalog;

import java.time.Instant;
import java.util.List;
import org.granary.metadatasync.record.CatalogState;
import org.granary.metadatasync.record.SyncRecord;

import static java.util.Objects.requireNonNull;

/**
 * The new catalogue as metadata-sync sees it: ingest-service's sync endpoints. Writes go through
 * ingest-service, never into its database, so its validation, versions and events stay the only
 * way in.
 */
public interface Catalogue {
    /** Applies whole records (or deletions), in one transaction there; one outcome per write, in order. */
    List<Outcome> apply(String origin, List<Write> writes);

    /** The changes after {@code cursor} (null: from the start), oldest first, at most {@code limit}. */
    ChangePage changes(String cursor, int limit);

    /** A file's whole record, or its deletion (record null). */
    record Write(String fileName, SyncRecord record) {
        public Write {
            requireNonNull(fileName, "fileName is null");
        }
    }

    /**
     * What the catalogue did with one write: {@code inserted}, {@code new-version}, {@code corrected},
     * {@code deleted}, {@code unchanged}, or {@code rejected} with the reason.
     */
    record Outcome(String fileName, String outcome, Long granuleId, String reason) {
        public boolean rejected() {
            return "rejected".equals(outcome);
        }
    }

    /**
     * One change in the catalogue: the state of its file name after it (from the granule of
     * {@code version}), who made it, and when: {@code at} when metadata-sync received it (the
     * conflict window is judged on it), {@code madeAt} when ingest made it (its outbox row's time;
     * the lag towards the legacy side is measured from it).
     */
    record Change(long eventId, String type, String origin, Instant at, int version, CatalogState state, Instant madeAt) {
        public Change {
            requireNonNull(madeAt, "madeAt is null");
        }
    }

    record ChangePage(List<Change> changes, String next) {
        public ChangePage {
            changes = List.copyOf(changes);
        }
    }
}
