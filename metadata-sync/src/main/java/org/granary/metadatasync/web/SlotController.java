package org.granary.metadatasync.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.sql.SQLException;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The legacy server's replication slot, dropped when metadata-sync no longer follows it (an operator's or admin's token). */
@RestController
@RequiresRole(Role.OPERATOR)
@Tag(name = "sync", description = "The legacy database and the catalogue kept in agreement")
class SlotController {
    private final SlotDropService slots;

    SlotController(SlotDropService slots) {
        this.slots = slots;
    }

    @PostMapping("/sync/slot/drop")
    @Operation(summary = "Stop the capture and drop its replication slot: the legacy server keeps no more WAL for it; "
            + "changes made before the next start are not captured (reconcile and repair to catch up)")
    SlotDropService.SlotDropped drop() throws SQLException, IOException, InterruptedException {
        return slots.drop();
    }
}
