package org.granary.platform.outbound;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends requests to user-given URLs over pooled connections (Apache HttpClient 5 classic): no
 * redirects followed, no automatic retries, no cookies, connect and response timeouts, and a
 * deadline per send (connect plus response timeout) after which it is aborted, so that a receiver
 * trickling its answer cannot hold a sender. Connections go through the given resolver, a
 * {@link TargetDnsResolver} in the services.
 */
public final class OutboundHttpClient implements AutoCloseable {
    private final CloseableHttpClient http;
    private final Duration deadline;
    private final ScheduledExecutorService deadlines;

    /**
     * @param maxConnections the pool's bound, in total and per route
     * @param deadlineThreadName the name of the thread that aborts sends at their deadline
     */
    public OutboundHttpClient(Duration connectTimeout, Duration responseTimeout, int maxConnections, DnsResolver resolver,
            String userAgent, String deadlineThreadName) {
        this.deadline = connectTimeout.plus(responseTimeout);
        this.deadlines = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(deadlineThreadName).daemon().factory());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(responseTimeout))
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(responseTimeout))
                        .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .setUserAgent(userAgent)
                .build();
    }

    /** How long a send may take before it is aborted. */
    public Duration deadline() {
        return deadline;
    }

    /**
     * Sends the request and returns the status of its answer, whose body is discarded.
     *
     * @throws IOException when it fails, or is aborted at its deadline (then {@code request.isCancelled()})
     */
    public int send(HttpUriRequestBase request) throws IOException {
        ScheduledFuture<?> abort = deadlines.schedule(request::cancel, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return http.execute(request, response -> response.getCode());
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
