package org.granary.ingest.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The delivery table in memory, with the claim's rules (due, per-subscription bound, lease) and the outcomes. */
final class FakeDeliveryQueue implements DeliveryQueue {
    /** One delivery row. */
    static final class Row {
        final long id;
        final long subscriptionId;
        String state = EventDeliveryRepository.PENDING;
        int attempts;
        Instant nextAttemptAt;
        Instant leasedUntil;
        String lastError;

        Row(long id, long subscriptionId, Instant due) {
            this.id = id;
            this.subscriptionId = subscriptionId;
            this.nextAttemptAt = due;
        }
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized Row add(long subscriptionId, Instant due) {
        Row row = new Row(rows.size() + 1, subscriptionId, due);
        rows.add(row);
        return row;
    }

    /** As the repository's replay: a dead letter pending again, due at {@code now}, attempts counted afresh. */
    synchronized void replay(Row row, Instant now) {
        row.state = EventDeliveryRepository.PENDING;
        row.attempts = 0;
        row.nextAttemptAt = now;
    }

    @Override
    public synchronized List<ClaimedDelivery> claim(Instant now, Instant leasedUntil, int perSubscription, int limit) {
        Map<Long, Integer> leased = new HashMap<>();
        for (Row row : rows) {
            if (row.leasedUntil != null && row.leasedUntil.isAfter(now)) {
                leased.merge(row.subscriptionId, 1, Integer::sum);
            }
        }
        List<ClaimedDelivery> claimed = new ArrayList<>();
        for (Row row : rows) {
            boolean due = row.state.equals(EventDeliveryRepository.PENDING) && !row.nextAttemptAt.isAfter(now);
            if (due && claimed.size() < limit && leased.getOrDefault(row.subscriptionId, 0) < perSubscription) {
                leased.merge(row.subscriptionId, 1, Integer::sum);
                row.leasedUntil = leasedUntil;
                row.nextAttemptAt = leasedUntil;
                claimed.add(new ClaimedDelivery(row.id, row.subscriptionId, row.id, row.attempts, "http://subscriber.example/events",
                        "{\"type\":\"granule-archived\"}", leasedUntil));
            }
        }
        return claimed;
    }

    @Override
    public synchronized void delivered(ClaimedDelivery delivery, Instant deliveredAt) {
        Row row = rows.get((int) delivery.id() - 1);
        row.state = EventDeliveryRepository.DELIVERED;
        row.attempts++;
        row.leasedUntil = null;
    }

    @Override
    public synchronized void failed(ClaimedDelivery delivery, String error, Instant nextAttempt) {
        fail(delivery, error, EventDeliveryRepository.PENDING).nextAttemptAt = nextAttempt;
    }

    @Override
    public synchronized void dead(ClaimedDelivery delivery, String error) {
        fail(delivery, error, EventDeliveryRepository.DEAD);
    }

    private Row fail(ClaimedDelivery delivery, String error, String state) {
        Row row = rows.get((int) delivery.id() - 1);
        if (!delivery.leasedUntil().equals(row.leasedUntil)) {
            throw new IllegalStateException("delivery " + delivery.id() + " recorded after its lease was lost");
        }
        row.state = state;
        row.attempts++;
        row.lastError = error;
        row.leasedUntil = null;
        return row;
    }
}
