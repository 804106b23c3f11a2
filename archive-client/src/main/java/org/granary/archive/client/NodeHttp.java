package org.granary.archive.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP of a {@link NodeClient}: Apache HttpClient 5 (classic, blocking) over one pool of
 * kept-alive connections, every call sent with the token and retried as {@link RetryPolicy} says.
 * A pooled connection idle for more than {@link #VALIDATE_AFTER_INACTIVITY} is checked before it
 * is used again, so one that a node closed meanwhile (it restarted, or dropped it when idle) is
 * replaced instead of failing the request; a request that meets such a connection all the same
 * fails with a connection error, which the policy retries on a new connection when the request
 * can be sent again.
 */
final class NodeHttp implements AutoCloseable {
    /** How long connecting to a node may take. */
    static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(3);
    /** How long a node may stay silent in a small call (map, HEAD, administration). */
    static final Timeout CALL_TIMEOUT = Timeout.ofSeconds(30);
    /** How long a node may stay silent while an object goes to or comes from it (its answer to a PUT follows an fsync). */
    static final Timeout TRANSFER_TIMEOUT = Timeout.ofMinutes(2);
    /** How long a request may wait for a free connection when every connection to a node is busy. */
    static final Timeout POOL_TIMEOUT = Timeout.ofSeconds(30);
    static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);
    /** Enough for a service's concurrent pushes, each holding one connection to each of its R nodes. */
    static final int CONNECTIONS_PER_NODE = 64;
    static final int CONNECTIONS_IN_ALL = 256;
    static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final Logger log = LoggerFactory.getLogger(NodeHttp.class);
    private static final int ANSWER_TEXT_LIMIT = 16 * 1024;

    private final CloseableHttpClient http;
    private final String token;
    private final RequestConfig defaults;
    private final AtomicLong highestEpochSeen = new AtomicLong(-1);

    /** Reads an answer the retry policy let through: its value, or an {@link ArchiveException} for an answer it does not expect. */
    @FunctionalInterface
    interface Answer<T> {
        T read(ClassicHttpResponse response) throws IOException;
    }

    private record Attempt<T>(boolean done, T value) {
    }

    NodeHttp(String token) {
        this.token = token;
        this.defaults = RequestConfig.custom().setConnectionRequestTimeout(POOL_TIMEOUT).setResponseTimeout(CALL_TIMEOUT).build();
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(CONNECT_TIMEOUT)
                .setSocketTimeout(CALL_TIMEOUT)
                .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(connections)
                        .setMaxConnPerRoute(CONNECTIONS_PER_NODE)
                        .setMaxConnTotal(CONNECTIONS_IN_ALL)
                        .build())
                .setDefaultRequestConfig(defaults)
                .setUserAgent("granary-archive-client")
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /** A request's settings: how long the node may stay silent, and whether the body waits for its 100 Continue. */
    RequestConfig config(Timeout silence, boolean expectContinue) {
        return RequestConfig.copy(defaults).setResponseTimeout(silence).setExpectContinueEnabled(expectContinue).build();
    }

    /**
     * Sends a request made by {@code request} (called again for each attempt) and reads the answer
     * with {@code answer}, which consumes it whole. A {@code repeatable} request is retried as the
     * policy says; any other is sent once.
     */
    <T> T call(ClusterNode node, String what, Supplier<HttpUriRequestBase> request, boolean repeatable, Answer<T> answer) {
        for (int attempt = 1; ; attempt++) {
            boolean mayRetry = repeatable && attempt < RetryPolicy.ATTEMPTS;
            try {
                Attempt<T> outcome = http.execute(authorized(request.get()), response -> {
                    noteEpoch(response);
                    if (mayRetry && RetryPolicy.afterStatus(response.getCode()) == RetryPolicy.Next.RETRY) {
                        log.debug("{} on node {} answered {}; trying again", what, node.id(), response.getCode());
                        return new Attempt<T>(false, null);
                    }
                    return new Attempt<>(true, answer.read(response));
                });
                if (outcome.done()) {
                    return outcome.value();
                }
            } catch (IOException e) {
                if (!mayRetry || RetryPolicy.afterFailure(e) != RetryPolicy.Next.RETRY) {
                    throw unreachable(node, what, e);
                }
                log.debug("{} on node {} failed ({}); trying again", what, node.id(), e.toString());
            }
            pause(node, attempt);
        }
    }

    /**
     * Sends a GET and hands back its answer unread, for its body to be streamed: the caller closes
     * it. Retried as the policy says until an answer worth reading arrives.
     */
    ClassicHttpResponse open(ClusterNode node, String what, Supplier<HttpUriRequestBase> request) {
        for (int attempt = 1; ; attempt++) {
            boolean mayRetry = attempt < RetryPolicy.ATTEMPTS;
            try {
                ClassicHttpResponse response = http.executeOpen(null, authorized(request.get()), null);
                noteEpoch(response);
                if (!mayRetry || RetryPolicy.afterStatus(response.getCode()) != RetryPolicy.Next.RETRY) {
                    return response;
                }
                log.debug("{} on node {} answered {}; trying again", what, node.id(), response.getCode());
                discard(response);
            } catch (IOException e) {
                if (!mayRetry || RetryPolicy.afterFailure(e) != RetryPolicy.Next.RETRY) {
                    throw unreachable(node, what, e);
                }
            }
            pause(node, attempt);
        }
    }

    /** The highest cluster map epoch any node answered with, or -1. */
    long highestEpochSeen() {
        return highestEpochSeen.get();
    }

    /** An answer the caller did not expect, as an exception that says whether another attempt elsewhere or later may do. */
    static ArchiveException failure(ClusterNode node, String what, ClassicHttpResponse response) {
        int status = response.getCode();
        String detail = Problem.detailOf(text(response));
        return new ArchiveException(what + " on node " + node.id() + " answered " + status + (detail.isEmpty() ? "" : ": " + detail),
                RetryPolicy.afterStatus(status) != RetryPolicy.Next.GIVE_UP, status, null);
    }

    /** A small answer's body as text (a problem, a JSON document), at most {@value #ANSWER_TEXT_LIMIT} characters. */
    static String text(ClassicHttpResponse response) {
        try {
            return response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8, ANSWER_TEXT_LIMIT);
        } catch (IOException | ParseException e) {
            return "";
        }
    }

    /** A JSON answer read into {@code type}. */
    static <T> T json(ClassicHttpResponse response, Class<T> type) throws IOException {
        return JSON.readValue(EntityUtils.toByteArray(response.getEntity()), type);
    }

    static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException ignored) {
            // its connection is dropped
        }
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    private HttpUriRequestBase authorized(HttpUriRequestBase request) {
        if (token != null) {
            request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return request;
    }

    private void noteEpoch(ClassicHttpResponse response) {
        Header epoch = response.getFirstHeader(NodeClient.EPOCH_HEADER);
        if (epoch != null) {
            try {
                highestEpochSeen.accumulateAndGet(Long.parseLong(epoch.getValue().strip()), Math::max);
            } catch (NumberFormatException ignored) {
                // a malformed header: the next map refresh reads the epoch from the map itself
            }
        }
    }

    private static ArchiveException unreachable(ClusterNode node, String what, IOException e) {
        return new ArchiveException(what + ": node " + node.id() + " at " + node.url() + " did not answer (" + e + ")", true, 0, e);
    }

    /** Reads a small answer to its end, so that its connection goes back to the pool. */
    private static void discard(ClassicHttpResponse response) {
        try (response) {
            EntityUtils.consume(response.getEntity());
        } catch (IOException ignored) {
            // the connection is closed instead of reused
        }
    }

    private static void pause(ClusterNode node, int attempt) {
        try {
            Thread.sleep(RetryPolicy.pause(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveException("interrupted while waiting to call node " + node.id() + " again", true, 0, e);
        }
    }
}
