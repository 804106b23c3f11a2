package org.granary.dbmonitor.alert;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs notifications to webhooks over pooled connections (Apache HttpClient 5 classic, as
 * ingest-service's callbacks). Any 2xx is a delivery; a redirect is not followed and is a failure.
 * Each send is aborted at its deadline (connect plus response timeout), so that a receiver
 * trickling its answer cannot hold a sender.
 */
final class WebhookClient implements AutoCloseable {
    /** Each notification's number: the same on every attempt, so a receiver can tell a repeat. */
    static final String NOTIFICATION_ID_HEADER = "Granary-Notification-Id";

    private final CloseableHttpClient http;
    private final Duration deadline;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-send-deadlines").daemon().factory());

    WebhookClient(AlertProperties properties, WebhookDnsResolver resolver) {
        this.deadline = properties.sendDeadline();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnTotal(properties.maxInFlight())
                        .setMaxConnPerRoute(properties.maxInFlight())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                                .setSocketTimeout(Timeout.of(properties.responseTimeout()))
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(properties.responseTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(properties.connectTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .setUserAgent("granary-db-monitor")
                .build();
    }

    SendResult send(Webhook webhook, long notificationId, String payload) {
        HttpPost post = new HttpPost(webhook.target());
        post.setHeader(NOTIFICATION_ID_HEADER, String.valueOf(notificationId));
        webhook.authorization().ifPresent(credentials -> post.setHeader(HttpHeaders.AUTHORIZATION, credentials));
        post.setEntity(new StringEntity(payload, ContentType.APPLICATION_JSON));
        ScheduledFuture<?> abort = deadlines.schedule(post::cancel, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            int status = http.execute(post, response -> response.getCode());
            if (status / 100 == 2) {
                return SendResult.success();
            }
            boolean retriable = status >= 500 || status == 408 || status == 429;
            return retriable ? SendResult.retriable("answered " + status) : SendResult.permanent("answered " + status);
        } catch (WebhookRefusedException e) {
            return SendResult.permanent("refused: " + webhook.scrub(e.getMessage()));
        } catch (IOException e) {
            return SendResult.retriable(post.isCancelled() ? "no answer within " + deadline.toSeconds() + " s: aborted"
                    : e.getClass().getSimpleName() + ": " + webhook.scrub(e.getMessage()));
        } catch (RuntimeException e) {
            return SendResult.retriable(e.getClass().getSimpleName() + ": " + webhook.scrub(e.getMessage()));
        } finally {
            abort.cancel(false);
        }
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }
}
