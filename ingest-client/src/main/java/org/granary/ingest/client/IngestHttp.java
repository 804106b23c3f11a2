package org.granary.ingest.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP of an {@link IngestClient}: Apache HttpClient 5 (classic, blocking) over one pool of
 * kept-alive connections, every call sent with the token and retried as {@link RetryPolicy} says.
 * A pooled connection idle for more than a second is checked before it is used again, so one
 * that ingest closed meanwhile (a restart, its keep-alive timeout) is replaced rather than failing
 * the request.
 */
final class IngestHttp implements AutoCloseable {
    static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(5);
    /** How long ingest may stay silent in a small call (a granule, a search, a PDR, a subscription). */
    static final Timeout CALL_TIMEOUT = Timeout.ofSeconds(30);
    /** How long ingest may stay silent in a push (it answers once R archive copies are durable) or a download. */
    static final Timeout TRANSFER_TIMEOUT = Timeout.ofMinutes(5);
    static final Timeout POOL_TIMEOUT = Timeout.ofMinutes(1);
    static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);
    static final int CONNECTIONS = 32;
    static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final int ANSWER_TEXT_LIMIT = 16 * 1024;

    private final URI base;
    private final String token;
    private final RequestConfig defaults;
    private final CloseableHttpClient http;

    /** Reads an answer the retry policy let through: its value, or an {@link IngestException} for one it does not expect. */
    @FunctionalInterface
    interface Answer<T> {
        T read(ClassicHttpResponse response) throws IOException;
    }

    private record Attempt<T>(boolean done, T value, String retryAfter) {
    }

    IngestHttp(String baseUrl, String token) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("ingest's URL is http(s)://host:port, not " + baseUrl);
        }
        this.token = token;
        this.defaults = RequestConfig.custom().setConnectionRequestTimeout(POOL_TIMEOUT).setResponseTimeout(CALL_TIMEOUT).build();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(CONNECT_TIMEOUT)
                                .setSocketTimeout(CALL_TIMEOUT)
                                .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                                .build())
                        .setMaxConnPerRoute(CONNECTIONS)
                        .setMaxConnTotal(CONNECTIONS)
                        .build())
                .setDefaultRequestConfig(defaults)
                .setUserAgent("granary-ingest-client")
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    RequestConfig config(Timeout silence, boolean expectContinue) {
        return RequestConfig.copy(defaults).setResponseTimeout(silence).setExpectContinueEnabled(expectContinue).build();
    }

    /** Ingest's URL with these path segments (each encoded) and query parameters. */
    URI uri(Map<String, String> query, String... segments) {
        try {
            URIBuilder builder = new URIBuilder(base).appendPathSegments(segments);
            query.forEach(builder::addParameter);
            return builder.build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot make a URL of " + base + " and " + String.join("/", segments), e);
        }
    }

    /**
     * Sends a request made by {@code request} (called again for each attempt) and reads the whole
     * answer with {@code answer}. A {@code repeatable} request is retried as the policy says.
     */
    <T> T call(String what, Supplier<HttpUriRequestBase> request, boolean repeatable, Answer<T> answer) {
        for (int attempt = 1; ; attempt++) {
            boolean mayRetry = repeatable && attempt < RetryPolicy.ATTEMPTS;
            String retryAfter = null;
            try {
                Attempt<T> outcome = http.execute(authorized(request.get()), response -> {
                    if (mayRetry && RetryPolicy.retries(response.getCode())) {
                        Header header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
                        return new Attempt<T>(false, null, header == null ? null : header.getValue());
                    }
                    return new Attempt<>(true, answer.read(response), null);
                });
                if (outcome.done()) {
                    return outcome.value();
                }
                retryAfter = outcome.retryAfter();
            } catch (IOException e) {
                if (!mayRetry || !RetryPolicy.retries(e)) {
                    throw unanswered(what, e);
                }
            }
            pause(what, attempt, retryAfter);
        }
    }

    /** Sends a GET and hands back its answer unread, for its body to be streamed; the caller closes it. */
    ClassicHttpResponse open(String what, Supplier<HttpUriRequestBase> request) {
        for (int attempt = 1; ; attempt++) {
            boolean mayRetry = attempt < RetryPolicy.ATTEMPTS;
            String retryAfter = null;
            try {
                ClassicHttpResponse response = http.executeOpen(null, authorized(request.get()), null);
                if (!mayRetry || !RetryPolicy.retries(response.getCode())) {
                    return response;
                }
                Header header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
                retryAfter = header == null ? null : header.getValue();
                try (response) {
                    EntityUtils.consume(response.getEntity());
                }
            } catch (IOException e) {
                if (!mayRetry || !RetryPolicy.retries(e)) {
                    throw unanswered(what, e);
                }
            }
            pause(what, attempt, retryAfter);
        }
    }

    /** An answer the caller did not expect, with the problem's code and detail. */
    static IngestException failure(String what, ClassicHttpResponse response) {
        int status = response.getCode();
        Problem problem = Problem.of(text(response), JSON);
        return new IngestException(what + " answered " + status + (problem.detail().isEmpty() ? "" : ": " + problem.detail()), status,
                problem.code(), RetryPolicy.retries(status), null);
    }

    static <T> T json(ClassicHttpResponse response, Class<T> type) throws IOException {
        return JSON.readValue(EntityUtils.toByteArray(response.getEntity()), type);
    }

    static String text(ClassicHttpResponse response) {
        try {
            return response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8, ANSWER_TEXT_LIMIT);
        } catch (IOException | ParseException e) {
            return "";
        }
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

    private IngestException unanswered(String what, IOException e) {
        return new IngestException(what + ": ingest at " + base + " did not answer (" + e + ")", 0, null, RetryPolicy.retries(e), e);
    }

    private static void pause(String what, int attempt, String retryAfter) {
        try {
            Thread.sleep(RetryPolicy.pause(attempt, retryAfter));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("interrupted while waiting to repeat " + what, 0, null, true, e);
        }
    }
}
