package org.granary.ingest.sync;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.auth.ServiceName;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.granary.platform.web.RawBody;
import org.granary.platform.web.StreamedBody;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** metadata-sync's endpoints; metadata-sync's service token and admins only (others 403). */
@RestController
@Tag(name = "sync", description = "What metadata-sync uses to keep the legacy catalogue in agreement")
@RequiresRole(Role.SERVICE)
class SyncController {
    /** 10,000 records of a few hundred bytes each, with room. */
    static final int MAX_SYNC_BYTES = 16 << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SyncService sync;
    private final SyncReadRepository reads;

    SyncController(SyncService sync, SyncReadRepository reads) {
        this.sync = sync;
        this.reads = reads;
    }

    record SyncResults(List<SyncOutcome> results) {
    }

    record Hashes(List<SyncReadRepository.RangeHash> ranges) {
    }

    record Rows(List<SyncReadRepository.CatalogueRow> records) {
    }

    record ChangePage(List<ChangeView> events, String next) {
    }

    /** One event; {@code createdAt} is when ingest's transaction that made it began (its outbox row's time), for the follower's lag. */
    record ChangeView(long id, String type, String origin, JsonNode granule, Instant createdAt) {
    }

    @PostMapping(path = "/granules/sync", consumes = MediaType.ALL_VALUE)
    @StreamedBody
    @Operation(summary = "Apply up to 10,000 canonical records (each the whole state of its file name) in one transaction; the "
            + "outcome of each in request order: inserted, new-version, corrected, deleted, unchanged or rejected (with its reason)")
    SyncResults sync(HttpServletRequest request, Caller caller) throws IOException {
        requireSync(caller);
        byte[] body = RawBody.readAtMost(request, MAX_SYNC_BYTES, "a sync request is at most " + MAX_SYNC_BYTES + " bytes; nothing was changed");
        return new SyncResults(sync.sync(parse(body)));
    }

    @PostMapping("/granules/sync/hashes")
    @Operation(summary = "Count and hash of the canonical records of each key range [from, to), computed in the database")
    Hashes hashes(@RequestBody JsonNode body, Caller caller) {
        requireSync(caller);
        return new Hashes(reads.hashes(SyncQuery.ranges(body), SyncQuery.filter(body)));
    }

    @PostMapping("/granules/sync/rows")
    @Operation(summary = "The canonical records of one key range [from, to), by file name byte for byte")
    Rows rows(@RequestBody JsonNode body, Caller caller) {
        requireSync(caller);
        return new Rows(reads.rows(SyncQuery.range(body), SyncQuery.filter(body), SyncQuery.limit(body)));
    }

    @GetMapping("/granules/changes")
    @Operation(summary = "Granule events after the cursor, in commit order (none missed, none repeated by a consumer that keeps 'next')")
    ChangePage changes(@RequestParam(required = false) String after, @RequestParam(defaultValue = "1000") String limit, Caller caller) {
        requireSync(caller);
        ChangeCursor cursor = ChangeCursor.parse(after);
        List<SyncReadRepository.Change> changes = reads.changes(cursor.transactionId(), cursor.eventId(), SyncQuery.changeLimit(limit));
        ChangeCursor next = changes.isEmpty() ? cursor
                : new ChangeCursor(changes.getLast().transactionId(), changes.getLast().id());
        return new ChangePage(changes.stream().map(change -> new ChangeView(change.id(), change.type(), change.origin(), change.granule(), change.createdAt()))
                .toList(), next.text());
    }

    /** The contract admits metadata-sync's own service token, and admins; other services have no business here. */
    static void requireSync(Caller caller) {
        if (caller.role() != Role.ADMIN && !caller.isService(ServiceName.METADATA_SYNC)) {
            throw new GranaryException(ErrorCode.FORBIDDEN, "only metadata-sync's service token and admins may sync the catalogue");
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new GranaryException(ErrorCode.MALFORMED_REQUEST, "the sync request is not JSON: " + e.getOriginalMessage()
                    + "; nothing was changed");
        }
    }
}
