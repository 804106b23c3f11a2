package org.granary.archive.underreplicated;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static java.util.Objects.requireNonNull;

@RestController
@Tag(name = "under-replicated", description = "Objects of this node that lack copies a put was acknowledged without")
class UnderReplicatedController {
    private static final int MAX_PAGE = 1000;

    private final MissingCopyMaker maker;

    UnderReplicatedController(MissingCopyMaker maker) {
        this.maker = maker;
    }

    record MissingNodes(List<String> missingNodes) {
        MissingNodes {
            requireNonNull(missingNodes, "missingNodes is required");
        }
    }

    @PostMapping("/under-replicated/{checksum}")
    @RequiresRole(Role.SERVICE)
    @Operation(summary = "Record that other nodes lack a copy of an object this node holds (a put acknowledged with fewer than R "
            + "copies); this node makes them once they answer. 201; 404 unless this node holds the object")
    ResponseEntity<Void> record(@PathVariable String checksum, @RequestBody MissingNodes nodes) {
        maker.record(checksum, nodes.missingNodes());
        return ResponseEntity.status(HttpStatus.CREATED).build();
    }

    @GetMapping("/under-replicated")
    @Operation(summary = "This node's under-replicated objects: counts, the oldest record, and the first records, oldest first")
    UnderReplicatedReport report(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 0 || limit > MAX_PAGE) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "limit must be between 0 and " + MAX_PAGE + ", was " + limit);
        }
        return maker.report(limit);
    }
}
