package org.granary.ingest.event;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static java.util.Objects.requireNonNull;

@RestController
@Tag(name = "events", description = "Subscriptions to granule events, and dead letters")
class SubscriptionController {
    private final SubscriptionService subscriptions;

    SubscriptionController(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    record NewSubscription(String callbackUrl, List<String> esdts) {
        NewSubscription {
            requireNonNull(callbackUrl, "callbackUrl is required");
            esdts = esdts == null ? List.of() : List.copyOf(esdts);
        }
    }

    @PostMapping("/subscriptions")
    @RequiresRole({Role.SCIENTIST, Role.OPERATOR, Role.SERVICE})
    @Operation(summary = "Subscribe a callback URL to granule events (all ESDTs, or those listed). Each event is POSTed as JSON at "
            + "least once; deduplicate by the Granary-Event-Id header. The callback must be http(s), without user name or password, "
            + "and must not reach loopback, link-local, unspecified or multicast addresses or the platform's own services unless "
            + "allow-listed (400 says why). Not idempotent: each call subscribes again.")
    ResponseEntity<Subscription> subscribe(@RequestBody NewSubscription request, Caller caller) {
        Subscription subscription = subscriptions.subscribe(request.callbackUrl(), request.esdts(), caller);
        return ResponseEntity.created(URI.create("/subscriptions/" + subscription.id())).body(subscription);
    }

    @GetMapping("/subscriptions")
    @Operation(summary = "The caller's subscriptions; every subscription for operators and admins. Needs a token.")
    List<Subscription> subscriptions(Caller caller) {
        return subscriptions.visibleTo(caller);
    }

    @GetMapping("/subscriptions/{id}")
    @Operation(summary = "One subscription, to its owner, operators and admins (403 for other tokens)")
    Subscription subscription(@PathVariable long id, Caller caller) {
        return subscriptions.get(id, caller);
    }

    @DeleteMapping("/subscriptions/{id}")
    @RequiresRole({Role.SCIENTIST, Role.OPERATOR, Role.SERVICE})
    @Operation(summary = "Stop a subscription: its owner, operators and admins (403 for other tokens). Its pending deliveries are "
            + "still made; repeating it is harmless.")
    ResponseEntity<Void> unsubscribe(@PathVariable long id, Caller caller) {
        subscriptions.unsubscribe(id, caller);
        return ResponseEntity.noContent().build();
    }
}
