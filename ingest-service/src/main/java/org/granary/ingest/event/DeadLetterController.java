package org.granary.ingest.event;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequiresRole(Role.OPERATOR)
@Tag(name = "events", description = "Subscriptions to granule events, and dead letters")
class DeadLetterController {
    private final EventDeliveryRepository deliveries;

    DeadLetterController(EventDeliveryRepository deliveries) {
        this.deliveries = deliveries;
    }

    @GetMapping("/deliveries/dead")
    @Operation(summary = "Deliveries that kept failing, in id order (keyset: pass the last id as 'after')")
    List<Delivery> deadLetters(@RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and 1000");
        }
        return deliveries.deadLetters(after, limit);
    }

    @PostMapping("/deliveries/{id}/replay")
    @Operation(summary = "Send a dead letter again (due now, attempts counted afresh); 409 unless it is dead")
    Delivery replay(@PathVariable long id) {
        if (!deliveries.replay(id)) {
            throw notDead(id);
        }
        return deliveries.delivery(id).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no delivery " + id));
    }

    @DeleteMapping("/deliveries/{id}")
    @Operation(summary = "Delete a dead letter for good (its event may then go with retention); 409 unless it is dead")
    ResponseEntity<Void> delete(@PathVariable long id) {
        if (!deliveries.deleteDeadLetter(id)) {
            throw notDead(id);
        }
        return ResponseEntity.noContent().build();
    }

    private GranaryException notDead(long id) {
        return deliveries.delivery(id)
                .map(delivery -> new GranaryException(ErrorCode.CONFLICT, "delivery " + id + " is " + delivery.state() + ", not dead"))
                .orElseGet(() -> new GranaryException(ErrorCode.NOT_FOUND, "no delivery " + id));
    }
}
