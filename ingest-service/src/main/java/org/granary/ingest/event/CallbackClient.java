package org.granary.ingest.event;

import java.io.IOException;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.granary.platform.outbound.OutboundHttpClient;
import org.granary.platform.outbound.TargetDnsResolver;

/**
 * POSTs events to subscribers over the platform's {@link OutboundHttpClient}, connecting only to
 * addresses the {@link CallbackPolicy} admits. Any 2xx is a delivery; any other answer, a redirect
 * included, or none within the timeouts is a failed attempt. Each send also has a deadline
 * (connect plus response timeout) after which it is aborted, so that a subscriber trickling its
 * answer cannot keep it beyond its lease.
 */
final class CallbackClient implements CallbackSender, AutoCloseable {
    static final String EVENT_ID_HEADER = "Granary-Event-Id";

    private final OutboundHttpClient http;

    CallbackClient(EventsProperties properties, CallbackPolicy policy) {
        this.http = new OutboundHttpClient(properties.connectTimeout(), properties.responseTimeout(), properties.maxInFlight(),
                new TargetDnsResolver(policy.addresses()), "granary-ingest-service", "event-send-deadlines");
    }

    @Override
    public SendResult send(ClaimedDelivery delivery) {
        URI callback;
        try {
            callback = CallbackPolicy.parse(delivery.callbackUrl());
        } catch (CallbackRefusedException e) {
            return SendResult.failure("refused: " + e.getMessage());
        }
        HttpPost post = new HttpPost(callback);
        post.setHeader(EVENT_ID_HEADER, String.valueOf(delivery.eventId()));
        post.setEntity(new StringEntity(delivery.payload(), ContentType.APPLICATION_JSON));
        try {
            int status = http.send(post);
            return status / 100 == 2 ? SendResult.success() : SendResult.failure("answered " + status);
        } catch (CallbackRefusedException e) {
            return SendResult.failure("refused: " + e.getMessage());
        } catch (IOException e) {
            // The request says it was cancelled before the cancel closes its socket.
            return SendResult.failure(post.isCancelled() ? "no answer within " + http.deadline().toSeconds() + " s: aborted"
                    : e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return SendResult.failure(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
