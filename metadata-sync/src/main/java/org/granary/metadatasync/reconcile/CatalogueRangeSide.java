package org.granary.metadatasync.reconcile;

import java.math.BigInteger;
import java.util.List;
import org.granary.ingest.client.IngestClient;
import org.granary.ingest.client.IngestException;
import org.granary.ingest.client.SyncFilter;
import org.granary.ingest.client.SyncRecord;

import static java.util.Objects.requireNonNull;

/** The catalogue as a side of a reconciliation: ingest-service hashes and lists in its database ({@code POST /granules/sync/hashes}, {@code /rows}). */
public final class CatalogueRangeSide implements RangeSide {
    /** The most ranges {@code POST /granules/sync/hashes} takes at once. */
    static final int RANGES_PER_REQUEST = 1000;

    private final IngestClient client;

    public CatalogueRangeSide(IngestClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    @Override
    public List<RangeHash> hashes(List<KeyRange> ranges, RangeFilter filter) {
        List<RangeHash> hashes = new java.util.ArrayList<>(ranges.size());
        // A round may cut many differing ranges again (64 pieces each): ingest takes at most this many a request.
        for (int first = 0; first < ranges.size(); first += RANGES_PER_REQUEST) {
            hashes.addAll(hashesOfAtMostAPage(ranges.subList(first, Math.min(ranges.size(), first + RANGES_PER_REQUEST)), filter));
        }
        return hashes;
    }

    private List<RangeHash> hashesOfAtMostAPage(List<KeyRange> ranges, RangeFilter filter) {
        try {
            List<org.granary.ingest.client.RangeHash> answers = client.hashes(
                    ranges.stream().map(range -> org.granary.ingest.client.RangeHash.of(range.from(), range.to())).toList(), filter(filter));
            if (answers.size() != ranges.size()) {
                throw new Unavailable("ingest-service answered " + answers.size() + " hashes for " + ranges.size() + " ranges", null);
            }
            return java.util.stream.IntStream.range(0, ranges.size())
                    .mapToObj(i -> new RangeHash(ranges.get(i), answers.get(i).count(), new BigInteger(answers.get(i).hash()))).toList();
        } catch (IngestException e) {
            throw new Unavailable("ingest-service did not hash the ranges: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SideRecord> rows(KeyRange range, RangeFilter filter, int limit) {
        try {
            return client.rows(range.from(), range.to(), filter(filter), limit).stream()
                    .map(row -> SideRecord.inCatalogue(record(row.record()), row.contentInArchive() ? row.granuleId() : null)).toList();
        } catch (IngestException e) {
            throw new Unavailable("ingest-service did not list the range: " + e.getMessage(), e);
        }
    }

    private static SyncFilter filter(RangeFilter filter) {
        return new SyncFilter(filter.esdt(), filter.collection(), filter.startFrom(), filter.startTo());
    }

    private static org.granary.metadatasync.record.SyncRecord record(SyncRecord record) {
        return new org.granary.metadatasync.record.SyncRecord(record.fileName(), record.esdt(), record.collection(), record.startTime(),
                record.endTime(), record.productionTime(), record.orbit(), record.sizeBytes(), record.md5(), record.cksum(), record.state(),
                record.qaFlag());
    }
}
