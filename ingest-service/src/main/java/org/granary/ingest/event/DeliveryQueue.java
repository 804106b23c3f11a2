package org.granary.ingest.event;

import java.time.Instant;
import java.util.List;

/** The deliveries waiting to be made, as the dispatcher sees them. */
interface DeliveryQueue {
    /**
     * Leases due deliveries until {@code leasedUntil} and returns them: at most {@code limit} in
     * all, and for each subscription no more than {@code perSubscription} leased at once,
     * counting those already leased (by any instance) whose lease has not expired at {@code now}.
     */
    List<ClaimedDelivery> claim(Instant now, Instant leasedUntil, int perSubscription, int limit);

    /** Records a 2xx answer, whatever became of the lease: the subscriber has the event. */
    void delivered(ClaimedDelivery delivery, Instant deliveredAt);

    /** Records a failed attempt, due again at {@code nextAttempt}; nothing if the lease was lost. */
    void failed(ClaimedDelivery delivery, String error, Instant nextAttempt);

    /** Records the last failed attempt: a dead letter; nothing if the lease was lost. */
    void dead(ClaimedDelivery delivery, String error);
}
