package org.granary.ingest.event;

import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.stereotype.Service;

/**
 * Subscriptions and who may see and change them: the token that subscribed (its owner), and
 * operators and admins, who see all, including those made before owners were recorded.
 */
@Service
class SubscriptionService {
    private final SubscriptionRepository subscriptions;
    private final CallbackPolicy policy;

    SubscriptionService(SubscriptionRepository subscriptions, CallbackPolicy policy) {
        this.subscriptions = subscriptions;
        this.policy = policy;
    }

    /** Subscribes the caller's callback once the {@link CallbackPolicy} admits it; 400 saying why not. */
    Subscription subscribe(String callbackUrl, List<String> esdts, Caller caller) {
        URI callback;
        try {
            callback = policy.check(callbackUrl);
        } catch (CallbackRefusedException e) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "callbackUrl refused: " + e.getMessage());
        } catch (UnknownHostException e) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "callbackUrl refused: its host does not resolve (" + e.getMessage() + ")");
        }
        return subscriptions.subscribe(callback, esdts, caller.label(), caller.tokenId());
    }

    List<Subscription> visibleTo(Caller caller) {
        return seesAll(caller) ? subscriptions.all() : subscriptions.ownedBy(caller.tokenId());
    }

    /** The subscription; 404 when there is none, 403 when it is neither the caller's nor the caller an operator. */
    Subscription get(long id, Caller caller) {
        Subscription subscription = subscriptions.find(id).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no subscription " + id));
        if (!seesAll(caller) && !owns(caller, subscription)) {
            throw new GranaryException(ErrorCode.FORBIDDEN, "subscription " + id + " belongs to another token; only its owner, operators "
                    + "and admins may see or change it");
        }
        return subscription;
    }

    /** Stops the subscription (its pending deliveries are still made); repeating it is harmless. */
    void unsubscribe(long id, Caller caller) {
        get(id, caller);
        subscriptions.deactivate(id);
    }

    private static boolean seesAll(Caller caller) {
        return caller.role().mayActAs(Role.OPERATOR);
    }

    private static boolean owns(Caller caller, Subscription subscription) {
        return subscription.ownerTokenId() != null && subscription.ownerTokenId() == caller.tokenId();
    }
}
