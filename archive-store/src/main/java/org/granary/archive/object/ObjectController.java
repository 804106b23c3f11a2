package org.granary.archive.object;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.granary.archive.audit.AuditAction;
import org.granary.archive.volume.Volumes;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.ReadOnly;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.granary.platform.web.StreamedBody;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Objects of this node. Writes and deletes (ingest's pushes, peers' copies and repairs) take a
 * token of role {@code service} (or admin); the writer's label goes into the audit log.
 */
@RestController
@Tag(name = "objects", description = "Objects named by their SHA-256 on this node")
class ObjectController {
    static final String CAUSE_HEADER = "Granary-Cause";
    static final String ACTION_HEADER = "Granary-Copy";
    static final String WRITE_ID_HEADER = "Granary-Write-Id";
    static final String WRITTEN_AT_HEADER = "Granary-Written-At";
    private static final int MAX_PAGE = 10_000;
    private static final int MAX_HELD = 1000;

    private final ObjectStore store;
    private final ObjectReads reads;
    private final StoredObjects objects;

    ObjectController(ObjectStore store, ObjectReads reads, StoredObjects objects) {
        this.store = store;
        this.reads = reads;
        this.objects = objects;
    }

    record ObjectView(String checksum, String volume, long sizeBytes, Instant storedAt, Instant lastVerifiedAt) {
        static ObjectView of(StoredObject object) {
            return new ObjectView(object.checksum(), object.volume(), object.sizeBytes(), object.storedAt(), object.lastVerifiedAt());
        }
    }

    record Inventory(List<ObjectView> items, String nextAfter) {
    }

    @PutMapping(path = "/objects/{checksum}", consumes = MediaType.ALL_VALUE)
    @RequiresRole(Role.SERVICE)
    @StreamedBody
    @Operation(summary = "Store an object under its SHA-256, streamed; 201 when stored, 200 when it was already here, "
            + "422 when the content does not match the name (nothing kept), 507 when no volume has room")
    ResponseEntity<Void> put(@PathVariable String checksum, HttpServletRequest request,
            @RequestHeader(name = CAUSE_HEADER, required = false) String cause,
            @RequestHeader(name = ACTION_HEADER, required = false) String copy,
            @RequestHeader(name = WRITE_ID_HEADER, required = false) UUID writeId,
            @RequestHeader(name = WRITTEN_AT_HEADER, required = false) Instant writtenAt, Caller caller) throws IOException {
        AuditAction action = copy == null ? AuditAction.WRITE : switch (copy) {
            case "copy-in" -> AuditAction.COPY_IN;
            case "repair" -> AuditAction.REPAIR;
            default -> throw new GranaryException(ErrorCode.INVALID_REQUEST, ACTION_HEADER + " must be copy-in or repair, not " + copy);
        };
        String why = (cause == null ? "written" : cause) + " by " + caller.label();
        ObjectStore.PutOutcome outcome = store.put(checksum, request.getContentLengthLong(), request.getInputStream(), action, why, writeId,
                writtenAt);
        return ResponseEntity.status(outcome == ObjectStore.PutOutcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK).eTag(checksum).build();
    }

    @GetMapping("/objects/{checksum}")
    @Operation(summary = "Read an object, verified as it is read (HTTP Range: one range, 206); a copy found corrupt before "
            + "the answer starts is answered 404 and one found later is cut off before its end, never served whole; 416 with "
            + "Content-Range: bytes */size and no body for a range that starts at or beyond its end")
    void get(@PathVariable String checksum, @RequestHeader(name = HttpHeaders.RANGE, required = false) String range,
            HttpServletResponse response) throws IOException {
        Volumes.Located located = store.read(checksum);
        Optional<ObjectReads.Span> span = span(range, located.size());
        if (span.isPresent() && span.get().first() >= located.size()) {
            response.setStatus(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE.value());
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + located.size());
            return;
        }
        reads.serve(checksum, span, response, identity(checksum));
    }

    @RequestMapping(path = "/objects/{checksum}", method = RequestMethod.HEAD)
    @Operation(summary = "Whether this node has the object, and its size (Content-Length); not verified")
    ResponseEntity<Void> head(@PathVariable String checksum) {
        Volumes.Located located = store.read(checksum);
        HttpHeaders headers = new HttpHeaders();
        identity(checksum).forEach(headers::set);
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_OCTET_STREAM).contentLength(located.size()).build();
    }

    /** The copies a node holds among those asked about, by checksum, with their sizes. */
    record Held(Map<String, Long> held) {
    }

    @PostMapping("/objects/held")
    @ReadOnly
    @Operation(summary = "Which of up to 1000 objects (a JSON array of checksums) this node holds, with their sizes: a HEAD of many at once")
    Held held(@RequestBody List<String> checksums) {
        if (checksums.size() > MAX_HELD) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "at most " + MAX_HELD + " checksums at once, not " + checksums.size());
        }
        Map<String, Long> held = new java.util.TreeMap<>();
        for (String checksum : checksums) {
            store.find(checksum).ifPresent(copy -> held.put(checksum, copy.size()));
        }
        return new Held(held);
    }

    @PostMapping("/objects/{checksum}/verification")
    @RequiresRole(Role.SERVICE)
    @Operation(summary = "Reads this node's copy whole and checks it against its name: good (with its SHA-256), corrupt (it is "
            + "quarantined and repaired) or missing; what a peer asks before it drops a copy of its own")
    ObjectReads.Verification verify(@PathVariable String checksum) {
        return reads.verify(checksum);
    }

    private static Map<String, String> identity(String checksum) {
        return Map.of(HttpHeaders.ETAG, "\"" + checksum + "\"", HttpHeaders.ACCEPT_RANGES, "bytes",
                "Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(checksum)) + ":");
    }

    /**
     * The one range a {@code Range} header asks for (RFC 9110, 14.1.2), with a first byte at or
     * beyond the end when none starts within the object; a header that does not parse is refused
     * as unsatisfiable. Several ranges are answered with the whole object, as RFC 9110 allows.
     */
    private static Optional<ObjectReads.Span> span(String range, long size) {
        if (range == null) {
            return Optional.empty();
        }
        List<HttpRange> ranges;
        try {
            ranges = HttpRange.parseRanges(range);
        } catch (IllegalArgumentException e) {
            return Optional.of(new ObjectReads.Span(size, size));
        }
        if (ranges.size() != 1) {
            return Optional.empty();
        }
        long first = ranges.getFirst().getRangeStart(size);
        return Optional.of(first >= size ? new ObjectReads.Span(size, size) : new ObjectReads.Span(first, ranges.getFirst().getRangeEnd(size)));
    }


    record Withdrawal(String checksum, UUID writeId, boolean withdrawn) {
    }

    @DeleteMapping("/objects/{checksum}/writes/{writeId}")
    @RequiresRole(Role.SERVICE)
    @Operation(summary = "Withdraw the copy a put made here (its Granary-Write-Id) after the put failed as a whole: removed at once, "
            + "no tombstone, unless another write relies on it (withdrawn: false)")
    Withdrawal withdraw(@PathVariable String checksum, @PathVariable UUID writeId, Caller caller) {
        return new Withdrawal(checksum, writeId, store.withdraw(checksum, writeId, caller.label()));
    }

    @GetMapping("/objects")
    @Operation(summary = "The inventory of live objects in checksum order; pass nextAfter as 'after' for the next page")
    Inventory inventory(@RequestParam(defaultValue = "") String after, @RequestParam(defaultValue = "1000") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
        List<ObjectView> items = objects.livePage(after, limit).stream().map(ObjectView::of).toList();
        return new Inventory(items, items.size() == limit ? items.getLast().checksum() : null);
    }
}
