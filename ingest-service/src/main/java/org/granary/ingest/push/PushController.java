package org.granary.ingest.push;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import org.granary.ingest.granule.Granule;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.auth.ServiceName;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.granary.platform.web.StreamedBody;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "push", description = "Ground stations and processing push files here")
class PushController {
    static final String PRODUCING_JOB_HEADER = "Granary-Producing-Job";

    private final PushService pushes;

    PushController(PushService pushes) {
        this.pushes = pushes;
    }

    @PutMapping(path = "/files/{fileName}", consumes = MediaType.ALL_VALUE)
    @RequiresRole({Role.STATION, Role.SCIENTIST, Role.SERVICE})
    @StreamedBody
    @Operation(summary = "Push one file, streamed. 201 with the new granule once it is in the archive with R copies and "
            + "catalogued; 200 with the existing granule for a repeat; 400 for a name no ESDT pattern parses; 422 when a "
            + "declared checksum (Content-MD5, Repr-Digest, ?md5=, ?sha256=) does not match; 409 for other content under a "
            + "name whose ESDT rejects duplicates; 503 when the archive or the database is down (nothing recorded). Only the "
            + "planner's service token may set " + PRODUCING_JOB_HEADER + " (the processing job that made the file); "
            + "anyone else sending it gets 403 and nothing is stored")
    @ApiResponse(responseCode = "201", description = "the new granule; Location says where it is",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Granule.class)))
    @ApiResponse(responseCode = "200", description = "the existing granule",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Granule.class)))
    ResponseEntity<Granule> push(@PathVariable String fileName, HttpServletRequest request,
            @RequestHeader(name = "Content-MD5", required = false) String contentMd5,
            @RequestHeader(name = "Repr-Digest", required = false) String reprDigest,
            @RequestHeader(name = PRODUCING_JOB_HEADER, required = false) String producingJob,
            @RequestParam(required = false) String md5, @RequestParam(required = false) String sha256,
            Caller caller) throws IOException {
        if (producingJob != null && !caller.isService(ServiceName.PLANNER)) {
            throw new GranaryException(ErrorCode.FORBIDDEN, "only the planner's service token may set " + PRODUCING_JOB_HEADER
                    + "; a " + caller.role().wireName() + " token may push files but not say which processing job made them");
        }
        DeclaredChecksums declared = DeclaredChecksums.from(contentMd5, reprDigest, md5, sha256);
        PushService.Origin origin = new PushService.Origin(caller.label(), producingJob, null, null);
        PushResult result = pushes.push(fileName, request.getInputStream(), request.getContentLengthLong(), declared, origin);
        if (result.created()) {
            return ResponseEntity.created(URI.create("/granules/" + result.granule().id())).body(result.granule());
        }
        return ResponseEntity.ok(result.granule());
    }
}
