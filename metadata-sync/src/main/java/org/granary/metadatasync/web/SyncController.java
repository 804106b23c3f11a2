package org.granary.metadatasync.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The sync's status, its conflicts and its quarantine: what a data manager (an operator's token) looks at. */
@RestController
@RequiresRole({Role.OPERATOR, Role.SERVICE})
@Tag(name = "sync", description = "The legacy database and the catalogue kept in agreement")
class SyncController {
    private final SyncStatusReader status;
    private final SyncLists lists;

    SyncController(SyncStatusReader status, SyncLists lists) {
        this.status = status;
        this.lists = lists;
    }

    @GetMapping("/sync/status")
    @Operation(summary = "Lag each way (time and WAL bytes), the slot's retained WAL, changes applied, conflicts, quarantined rows")
    SyncStatus status() throws SQLException {
        return status.read();
    }

    @GetMapping("/sync/quarantine")
    @Operation(summary = "Legacy rows that cannot be mapped or that the catalogue refused, with the reason; retried on a schedule")
    List<Map<String, Object>> quarantine(@RequestParam(defaultValue = "100") int limit) throws SQLException {
        return lists.quarantine(bounded(limit));
    }

    @GetMapping("/sync/conflicts")
    @Operation(summary = "Files both sides changed within the window: the winner and both values, newest first")
    List<Map<String, Object>> conflicts(@RequestParam(defaultValue = "100") int limit) throws SQLException {
        return lists.conflicts(bounded(limit));
    }

    private static int bounded(int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000: " + limit);
        }
        return limit;
    }
}
