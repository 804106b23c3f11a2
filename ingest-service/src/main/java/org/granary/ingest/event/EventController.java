package org.granary.ingest.event;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static java.util.Objects.requireNonNull;

@RestController
@Tag(name = "events", description = "Subscriptions to 'granule archived' events, and dead letters")
class EventController {
    private final EventRepository events;

    EventController(EventRepository events) {
        this.events = events;
    }

    record NewSubscription(String callbackUrl, List<String> esdts) {
        NewSubscription {
            requireNonNull(callbackUrl, "callbackUrl is required");
            if (!callbackUrl.matches("https?://\\S+")) {
                throw new IllegalArgumentException("callbackUrl must be an http(s) URL: " + callbackUrl);
            }
            esdts = esdts == null ? List.of() : List.copyOf(esdts);
        }
    }

    @PostMapping("/subscriptions")
    @RequiresRole({Role.SCIENTIST, Role.OPERATOR})
    @Operation(summary = "Subscribe a callback URL to 'granule archived' events (all ESDTs, or those listed). Each event is "
            + "POSTed as JSON at least once; deduplicate by the Granary-Event-Id header. Not idempotent: each call subscribes again.")
    ResponseEntity<Subscription> subscribe(@RequestBody NewSubscription request, Caller caller) {
        Subscription subscription = events.subscribe(request.callbackUrl(), request.esdts(), caller.label());
        return ResponseEntity.created(URI.create("/subscriptions/" + subscription.id())).body(subscription);
    }

    @GetMapping("/subscriptions")
    @Operation(summary = "Every subscription")
    List<Subscription> subscriptions() {
        return events.subscriptions();
    }

    @DeleteMapping("/subscriptions/{id}")
    @RequiresRole({Role.SCIENTIST, Role.OPERATOR})
    @Operation(summary = "Stop a subscription (its pending deliveries are still made); repeating it is harmless")
    ResponseEntity<Void> unsubscribe(@PathVariable long id) {
        if (!events.deactivate(id)) {
            throw new GranaryException(ErrorCode.NOT_FOUND, "no subscription " + id);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/deliveries/dead")
    @RequiresRole(Role.OPERATOR)
    @Operation(summary = "Deliveries that kept failing, in id order (keyset: pass the last id as 'after')")
    List<Delivery> deadLetters(@RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and 1000");
        }
        return events.deadLetters(after, limit);
    }

    @PostMapping("/deliveries/{id}/replay")
    @RequiresRole(Role.OPERATOR)
    @Operation(summary = "Send a dead letter again (due now, attempts counted afresh); 409 unless it is dead")
    Delivery replay(@PathVariable long id) {
        Delivery delivery = events.delivery(id).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no delivery " + id));
        if (!events.replay(id)) {
            throw new GranaryException(ErrorCode.CONFLICT, "delivery " + id + " is " + delivery.state() + ", not dead");
        }
        return events.delivery(id).orElseThrow();
    }
}
