package org.granary.ingest.granule;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.granary.archive.client.ArchiveException;
import org.granary.ingest.archive.ArchiveAccess;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "granules", description = "Search granules and fetch their content")
class GranuleController {
    private static final Logger log = LoggerFactory.getLogger(GranuleController.class);
    private static final int MAX_PAGE = 1000;

    private final GranuleRepository granules;
    private final GranuleChanges changes;
    private final ArchiveAccess archive;

    GranuleController(GranuleRepository granules, GranuleChanges changes, ArchiveAccess archive) {
        this.granules = granules;
        this.changes = changes;
        this.archive = archive;
    }

    record GranulePage(List<Granule> items, Long nextAfter) {
    }

    @GetMapping("/granules")
    @Operation(summary = "Archived granules by ESDT, collection, time overlap [from, to), orbit range and source, in id order; "
            + "pass nextAfter as 'after' for the next page. A value the database could not take (a control character, a time "
            + "outside the years 1 to 9999, a number beyond its bounds) is a 400 naming the parameter")
    GranulePage search(@RequestParam(required = false) String esdt,
            @RequestParam(required = false) @Parameter(schema = @Schema(type = "integer", format = "int32")) String collection,
            @RequestParam(required = false) @Parameter(schema = @Schema(type = "string", format = "date-time")) String from,
            @RequestParam(required = false) @Parameter(schema = @Schema(type = "string", format = "date-time")) String to,
            @RequestParam(required = false) @Parameter(schema = @Schema(type = "integer", format = "int32")) String orbitFrom,
            @RequestParam(required = false) @Parameter(schema = @Schema(type = "integer", format = "int32")) String orbitTo,
            @RequestParam(required = false) String source,
            @RequestParam(defaultValue = "0") @Parameter(schema = @Schema(type = "integer", format = "int64")) String after,
            @RequestParam(defaultValue = "100") @Parameter(schema = @Schema(type = "integer", format = "int32")) String limit) {
        GranuleFilter filter = new GranuleFilter(parameter("esdt", esdt, SearchInput::text),
                parameter("collection", collection, GranuleController::integer),
                parameter("from", from, SearchInput::time), parameter("to", to, SearchInput::time),
                parameter("orbitFrom", orbitFrom, GranuleController::integer), parameter("orbitTo", orbitTo, GranuleController::integer),
                parameter("source", source, SearchInput::text));
        long afterId = parameter("after", after, text -> SearchInput.whole(text, 0, Long.MAX_VALUE));
        int pageSize = parameter("limit", limit, text -> (int) SearchInput.whole(text, 1, MAX_PAGE));
        List<Granule> items = granules.search(filter, afterId, pageSize);
        return new GranulePage(items, items.size() == pageSize ? items.getLast().id() : null);
    }

    /** The parameter's value as {@code read} makes it, null when absent; a value it refuses is a 400 naming the parameter. */
    private static <T> T parameter(String name, String value, Function<String, T> read) {
        try {
            return value == null ? null : read.apply(value);
        } catch (IllegalArgumentException e) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "parameter '" + name + "': " + e.getMessage(), Map.of("parameter", name), e);
        }
    }

    /** An integer column's value: collection, orbit. */
    private static Integer integer(String text) {
        return (int) SearchInput.whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @GetMapping("/granules/{id}")
    @Operation(summary = "One granule")
    Granule granule(@PathVariable long id) {
        return find(id);
    }

    @PatchMapping("/granules/{id}")
    @RequiresRole({Role.OPERATOR, Role.SERVICE})
    @Operation(summary = "Correct a granule's metadata (startTime, endTime, orbit, qaFlag; the fields given are set): the granule "
            + "as it is now, and a granule-corrected event when anything changed; 400 for bad input, 404, 409 when deleted")
    Granule correct(@PathVariable long id, @RequestBody JsonNode correction) {
        return changes.correct(id, Correction.read(correction));
    }

    @DeleteMapping("/granules/{id}")
    @RequiresRole(Role.SERVICE)
    @Operation(summary = "Delete a granule from the catalogue (state deleted; its bytes stay in the archive) with a granule-deleted "
            + "event: the granule as it is now; 404, 409 when deleted already")
    Granule delete(@PathVariable long id) {
        return changes.delete(id);
    }

    @GetMapping("/granules/{id}/content")
    @Operation(summary = "The granule's file, streamed from the archive; one byte range (Range: bytes=a-b) is served as 206, "
            + "a range that starts at or beyond the end is answered 416 with Content-Range: bytes */size; 409 for a granule catalogued "
            + "from the legacy system, whose bytes are not in this archive")
    ResponseEntity<StreamingResponseBody> content(@PathVariable long id, @RequestHeader(name = HttpHeaders.RANGE, required = false) String range) {
        Granule granule = find(id);
        if (!granule.hasContent()) {
            // 409, not 404: the granule exists and says where its bytes are (source legacy-sync); this archive never held them.
            throw new GranaryException(ErrorCode.CONFLICT, "granule " + id + " (" + granule.fileName() + ") was catalogued from the "
                    + "legacy system; its bytes are not in this archive", Map.of("source", granule.source()), null);
        }
        Bytes bytes = range == null ? null : Bytes.of(range, granule.sizeBytes());
        InputStream content = fetch(granule, bytes);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(bytes == null ? HttpStatus.OK : HttpStatus.PARTIAL_CONTENT)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + granule.fileName() + "\"")
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .eTag(granule.sha256())
                .contentLength(bytes == null ? granule.sizeBytes() : bytes.length());
        if (bytes != null) {
            response.header(HttpHeaders.CONTENT_RANGE, "bytes " + bytes.first() + "-" + bytes.last() + "/" + granule.sizeBytes());
        }
        return response.body(out -> {
            try (InputStream in = content) {
                in.transferTo(out);
            }
        });
    }

    /**
     * The granule's bytes from the archive. Only the archive failing is 503: a range it refuses
     * (the catalogue's size was checked first, so it would disagree with the archive's) and an
     * object that every node answered it does not hold are said as they are.
     */
    private InputStream fetch(Granule granule, Bytes bytes) {
        try {
            return archive.client().get(granule.sha256(), bytes == null ? null : "bytes=" + bytes.first() + "-" + bytes.last());
        } catch (ArchiveException e) {
            if (e.status() == 416 && bytes != null) {
                throw Bytes.notSatisfiable("bytes=" + bytes.first() + "-" + bytes.last(), granule.sizeBytes());
            }
            if (e.status() == 404 && !e.retriable()) {
                log.warn("granule {} is catalogued but no archive node holds {}", granule.id(), granule.sha256());
                throw new GranaryException(ErrorCode.NOT_FOUND, "no archive node holds the content of granule " + granule.id()
                        + " (SHA-256 " + granule.sha256() + "); an operator can see what became of it with `ops/granary archive audit "
                        + granule.sha256() + "`", Map.of("sha256", granule.sha256()), e);
            }
            throw new GranaryException(ErrorCode.DEPENDENCY_UNAVAILABLE, "the archive cannot serve " + granule.fileName() + " now: "
                    + e.getMessage(), Map.of(), e);
        }
    }

    /** One byte range, resolved by Spring's {@link HttpRange} against the file's size; several are not served. */
    private record Bytes(long first, long last) {
        long length() {
            return last - first + 1;
        }

        static Bytes of(String header, long size) {
            HttpRange range;
            try {
                List<HttpRange> ranges = HttpRange.parseRanges(header);
                if (ranges.size() != 1) {
                    throw new IllegalArgumentException("several ranges");
                }
                range = ranges.getFirst();
            } catch (IllegalArgumentException e) {
                throw new GranaryException(ErrorCode.INVALID_REQUEST, "one range of the form bytes=first-last within the "
                        + size + " bytes of the file is served, not " + header);
            }
            long first = range.getRangeStart(size);
            if (first >= size) {
                throw notSatisfiable(header, size);
            }
            return new Bytes(first, range.getRangeEnd(size));
        }

        static GranaryException notSatisfiable(String header, long size) {
            return new GranaryException(ErrorCode.RANGE_NOT_SATISFIABLE, "the range " + header + " starts at or beyond the end of the file's "
                    + size + " bytes", Map.of("sizeBytes", size), null);
        }
    }

    private Granule find(long id) {
        return granules.byId(id).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no granule with id " + id));
    }
}
