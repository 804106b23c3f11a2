package org.granary.ingest.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.granary.ingest.esdt.EsdtRegistry;
import org.granary.ingest.esdt.ParsedFileName;
import org.granary.ingest.granule.ProductIdentity;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /granules/sync}: validates each record on its own (a rejected one says why and
 * changes nothing) and applies the valid ones in one transaction. A file name given twice in a
 * batch is applied as its last record; the earlier ones are rejected, so that no record's outcome
 * hides another's.
 */
@Service
class SyncService {
    static final int MAX_RECORDS = 10_000;
    private static final int ATTEMPTS = 3;

    private final EsdtRegistry registry;
    private final SyncRepository repository;

    SyncService(EsdtRegistry registry, SyncRepository repository) {
        this.registry = registry;
        this.repository = repository;
    }

    /** The outcome of every record, in request order. */
    List<SyncOutcome> sync(JsonNode request) {
        if (!request.isObject() || !request.path("records").isArray()) {
            throw new GranaryException(ErrorCode.MALFORMED_REQUEST, "a sync request is {\"origin\": ..., \"records\": [...]}");
        }
        JsonNode originNode = request.get("origin");
        if (originNode != null && !originNode.isNull() && !originNode.isString()) {
            throw new GranaryException(ErrorCode.MALFORMED_REQUEST, "origin is text, such as \"legacy\"");
        }
        String origin = originNode == null || originNode.isNull() ? null : originNode.asString();
        JsonNode records = request.get("records");
        if (records.size() > MAX_RECORDS) {
            throw new GranaryException(ErrorCode.PAYLOAD_TOO_LARGE, "a sync request holds at most " + MAX_RECORDS + " records, not "
                    + records.size());
        }
        SyncOutcome[] outcomes = new SyncOutcome[records.size()];
        Map<String, Integer> lastOfName = new HashMap<>();
        List<ValidRecord> valid = new ArrayList<>();
        for (int ordinal = 0; ordinal < records.size(); ordinal++) {
            JsonNode record = records.get(ordinal);
            try {
                CanonicalRecord read = RecordReader.read(record);
                valid.add(new ValidRecord(ordinal, read, read.deleted() ? null : product(read)));
                lastOfName.put(read.fileName(), ordinal);
            } catch (RecordRejected rejected) {
                outcomes[ordinal] = SyncOutcome.rejected(RecordReader.fileNameOf(record), rejected.reason(), rejected.getMessage());
            }
        }
        List<ValidRecord> applied = new ArrayList<>(valid.size());
        for (ValidRecord record : valid) {
            if (lastOfName.get(record.record().fileName()) == record.ordinal()) {
                applied.add(record);
            } else {
                outcomes[record.ordinal()] = SyncOutcome.rejected(record.record().fileName(), RecordReader.INVALID,
                        "a later record of this batch has the same file name; it was applied instead");
            }
        }
        if (!applied.isEmpty()) {
            for (SyncRepository.Applied done : apply(origin, applied)) {
                outcomes[done.ordinal()] = new SyncOutcome(records.get(done.ordinal()).get("fileName").asString(), done.outcome(),
                        done.granuleId(), null, null);
            }
        }
        return Arrays.asList(outcomes);
    }

    /** Applies the batch; a product version taken by a concurrent push meanwhile makes it start again. */
    private List<SyncRepository.Applied> apply(String origin, List<ValidRecord> records) {
        for (int attempt = 1; ; attempt++) {
            try {
                return repository.apply(origin, records);
            } catch (SyncRepository.VersionTaken taken) {
                if (attempt == ATTEMPTS) {
                    throw new GranaryException(ErrorCode.CONFLICT, "products of this batch are being written concurrently; send it again");
                }
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                    throw new DataAccessResourceFailureException("the database went away during the sync batch", e);
                }
                throw new IllegalStateException("the sync batch failed: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The product the file name makes the record a version of, as for a push: the name must be
     * one the registry gives to the record's ESDT and collection.
     */
    private ProductIdentity product(CanonicalRecord record) {
        boolean known = registry.known(record.esdt(), record.collection());
        EsdtRegistry.Recognized recognized;
        try {
            recognized = registry.recognize(record.fileName());
        } catch (GranaryException unparsed) {
            throw known ? new RecordRejected("name-mismatch", unparsed.getMessage())
                    : new RecordRejected("unknown-esdt", "no ESDT " + record.esdt() + " of collection " + record.collection());
        }
        ParsedFileName parsed = recognized.parsed();
        if (!recognized.esdt().shortName().equals(record.esdt()) || parsed.collection() != record.collection()) {
            throw known ? new RecordRejected("name-mismatch", record.fileName() + " is a file of " + recognized.esdt().shortName()
                    + " collection " + parsed.collection() + ", not of " + record.esdt() + " collection " + record.collection())
                    : new RecordRejected("unknown-esdt", "no ESDT " + record.esdt() + " of collection " + record.collection());
        }
        return ProductIdentity.of(record.esdt(), record.collection(), parsed.orbit(),
                parsed.start() != null ? parsed.start() : record.startTime(), parsed.part(), record.fileName());
    }
}
