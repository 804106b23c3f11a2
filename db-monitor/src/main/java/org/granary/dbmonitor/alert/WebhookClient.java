package org.granary.dbmonitor.alert;

import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.granary.platform.outbound.OutboundHttpClient;
import org.granary.platform.outbound.TargetDnsResolver;

/**
 * POSTs notifications to webhooks over the platform's {@link OutboundHttpClient} (as
 * ingest-service's callbacks), connecting only to addresses the {@link WebhookPolicy} admits. Any
 * 2xx is a delivery; a redirect is not followed and is a failure. Each send is aborted at its
 * deadline (connect plus response timeout), so that a receiver trickling its answer cannot hold a
 * sender.
 */
final class WebhookClient implements AutoCloseable {
    /** Each notification's number: the same on every attempt, so a receiver can tell a repeat. */
    static final String NOTIFICATION_ID_HEADER = "Granary-Notification-Id";

    private final OutboundHttpClient http;

    WebhookClient(AlertProperties properties, WebhookPolicy policy) {
        this.http = new OutboundHttpClient(properties.connectTimeout(), properties.responseTimeout(), properties.maxInFlight(),
                new TargetDnsResolver(policy.addresses()), "granary-db-monitor", "webhook-send-deadlines");
    }

    SendResult send(Webhook webhook, long notificationId, String payload) {
        HttpPost post = new HttpPost(webhook.target());
        post.setHeader(NOTIFICATION_ID_HEADER, String.valueOf(notificationId));
        webhook.authorization().ifPresent(credentials -> post.setHeader(HttpHeaders.AUTHORIZATION, credentials));
        post.setEntity(new StringEntity(payload, ContentType.APPLICATION_JSON));
        try {
            int status = http.send(post);
            if (status / 100 == 2) {
                return SendResult.success();
            }
            boolean retriable = status >= 500 || status == 408 || status == 429;
            return retriable ? SendResult.retriable("answered " + status) : SendResult.permanent("answered " + status);
        } catch (WebhookRefusedException e) {
            return SendResult.permanent("refused: " + webhook.scrub(e.getMessage()));
        } catch (IOException e) {
            return SendResult.retriable(post.isCancelled() ? "no answer within " + http.deadline().toSeconds() + " s: aborted"
                    : e.getClass().getSimpleName() + ": " + webhook.scrub(e.getMessage()));
        } catch (RuntimeException e) {
            return SendResult.retriable(e.getClass().getSimpleName() + ": " + webhook.scrub(e.getMessage()));
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
