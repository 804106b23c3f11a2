package org.granary.ingest.event;

import java.io.IOException;
import java.net.URI;
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
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs events to subscribers over pooled connections (Apache HttpClient 5 classic). Any 2xx is a
 * delivery; any other answer, a redirect included, or none within the timeouts is a failed
 * attempt. Each send also has a deadline (connect plus response timeout) after which it is
 * aborted, so that a subscriber trickling its answer cannot keep it beyond its lease.
 */
final class CallbackClient implements CallbackSender, AutoCloseable {
    static final String EVENT_ID_HEADER = "Granary-Event-Id";

    private final CloseableHttpClient http;
    private final Duration deadline;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("event-send-deadlines").daemon().factory());

    CallbackClient(EventsProperties properties, CallbackDnsResolver resolver) {
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
                .setUserAgent("granary-ingest-service")
                .build();
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
        ScheduledFuture<?> abort = deadlines.schedule(post::cancel, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            int status = http.execute(post, response -> response.getCode());
            return status / 100 == 2 ? SendResult.success() : SendResult.failure("answered " + status);
        } catch (CallbackRefusedException e) {
            return SendResult.failure("refused: " + e.getMessage());
        } catch (IOException e) {
            // The request says it was cancelled before the cancel closes its socket; the deadline's task is done only after.
            return SendResult.failure(post.isCancelled() ? "no answer within " + deadline.toSeconds() + " s: aborted"
                    : e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return SendResult.failure(e.getClass().getSimpleName() + ": " + e.getMessage());
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
