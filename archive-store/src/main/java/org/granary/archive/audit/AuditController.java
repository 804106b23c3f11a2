package org.granary.archive.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.granary.archive.client.Checksums;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "audit", description = "What happened to an object on this node")
class AuditController {
    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping("/audit/{checksum}")
    @Operation(summary = "Every event of one object on this node, oldest first (ops/granary archive audit asks every node)")
    List<AuditEvent> events(@PathVariable String checksum) {
        if (!Checksums.isSha256(checksum)) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "not a SHA-256 checksum (64 lowercase hex digits): " + checksum);
        }
        return auditLog.forChecksum(checksum);
    }
}
