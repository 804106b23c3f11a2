package org.granary.metadatasync.catalog;

import java.time.Instant;
import java.util.List;
import org.granary.ingest.client.Granule;
import org.granary.ingest.client.GranuleChange;
import org.granary.ingest.client.IngestClient;
import org.granary.ingest.client.SyncResult;
import org.granary.metadatasync.record.CatalogState;
import org.granary.metadatasync.record.SyncRecord;

import static java.util.Objects.requireNonNull;

/** The catalogue through ingest-client: {@code POST /granules/sync} and {@code GET /granules/changes}. */
public final class IngestCatalogue implements Catalogue {
    private final IngestClient client;

    public IngestCatalogue(IngestClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    @Override
    public List<Outcome> apply(String origin, List<Write> writes) {
        List<SyncResult> results = client.sync(origin, writes.stream().map(IngestCatalogue::record).toList());
        return results.stream().map(result -> new Outcome(result.fileName(), result.outcome(), result.granuleId(),
                result.reason() == null ? result.detail() : result.reason() + (result.detail() == null ? "" : ": " + result.detail()))).toList();
    }

    @Override
    public ChangePage changes(String cursor, int limit) {
        org.granary.ingest.client.ChangePage page = client.changes(cursor, limit);
        return new ChangePage(page.events().stream().map(IngestCatalogue::change).toList(), page.next());
    }

    private static org.granary.ingest.client.SyncRecord record(Write write) {
        SyncRecord record = write.record();
        if (record == null) {
            return org.granary.ingest.client.SyncRecord.deletion(write.fileName());
        }
        return new org.granary.ingest.client.SyncRecord(record.fileName(), false, record.esdt(), record.collection(), record.startTime(),
                record.endTime(), record.productionTime(), record.orbit(), record.sizeBytes(), record.md5(), record.cksum(), record.state(),
                record.qaFlag());
    }

    private static Change change(GranuleChange event) {
        Granule granule = event.granule();
        CatalogState state = "deleted".equals(granule.state()) ? CatalogState.deleted(granule.fileName())
                : new CatalogState(granule.fileName(), new SyncRecord(granule.fileName(), granule.esdt(), granule.collection(),
                        granule.startTime(), granule.endTime(), granule.productionTime(), granule.orbit(), granule.sizeBytes(), granule.md5(),
                        granule.cksum(), granule.state(), granule.qaFlag()), granule.sha256() == null ? null : granule.id());
        Instant received = Instant.now();
        // An ingest-service that does not say when it made the change: when it was received.
        Instant made = event.createdAt() != null ? event.createdAt() : received;
        return new Change(event.id(), event.type(), event.origin(), received, granule.version(), state, made);
    }
}
