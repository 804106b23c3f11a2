package org.granary.ingest.push;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.granary.ingest.granule.Granule;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = "push", description = "Ground stations and processing push files here")
class PushController {
    static final String PRODUCING_JOB_HEADER = "Granary-Producing-Job";

    private final PushService pushes;
    private final JsonMapper json;

    PushController(PushService pushes, JsonMapper json) {
        this.pushes = pushes;
        this.json = json;
    }

    @PutMapping(path = "/files/{fileName}", consumes = MediaType.ALL_VALUE)
    @RequiresRole({Role.STATION, Role.SCIENTIST})
    @Operation(summary = "Push one file, streamed. 201 with the new granule once it is in the archive with R copies and "
            + "catalogued; 200 with the existing granule for a repeat; 400 for a name no ESDT pattern parses; 422 when a "
            + "declared checksum (Content-MD5, Repr-Digest, ?md5=, ?sha256=) does not match; 409 for other content under a "
            + "name whose ESDT rejects duplicates; 503 when the archive or the database is down (nothing recorded)")
    @ApiResponse(responseCode = "201", description = "the new granule; Location says where it is",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Granule.class)))
    @ApiResponse(responseCode = "200", description = "the existing granule",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Granule.class)))
    void push(@PathVariable String fileName, HttpServletRequest request,
            @RequestHeader(name = "Content-MD5", required = false) String contentMd5,
            @RequestHeader(name = "Repr-Digest", required = false) String reprDigest,
            @RequestHeader(name = PRODUCING_JOB_HEADER, required = false) String producingJob,
            @RequestParam(required = false) String md5, @RequestParam(required = false) String sha256,
            Caller caller, HttpServletResponse response) throws IOException {
        DeclaredChecksums declared = DeclaredChecksums.from(contentMd5, reprDigest, md5, sha256);
        PushService.Origin origin = new PushService.Origin(caller.label(), producingJob, null, null);
        PushResult result = pushes.push(fileName, request.getInputStream(), request.getContentLengthLong(), declared, origin);
        answer(response, result);
    }

    /**
     * Written here rather than by Spring MVC's message converters: with its length known the answer
     * leaves in one write instead of a chunk and a terminating chunk, and the return-value handling
     * it skips was a tenth of a small push's CPU in ingest.
     */
    private void answer(HttpServletResponse response, PushResult result) throws IOException {
        byte[] body = json.writeValueAsBytes(result.granule());
        response.setStatus(result.created() ? HttpServletResponse.SC_CREATED : HttpServletResponse.SC_OK);
        if (result.created()) {
            response.setHeader(HttpHeaders.LOCATION, "/granules/" + result.granule().id());
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
