package org.granary.planner.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The planner for scientists, operators and tools: register PGE versions, follow jobs, read
 * lineage. Every failure is a {@link PlannerException} with the planner's status and problem code.
 * Every call it makes can be repeated without harm (reads, and a registration: the same version
 * with the same content is answered 200), so each is sent again on a connection failure or a
 * 408, 429, 502, 503 or 504, {@value #ATTEMPTS} attempts in all, 0.5 s then 1 s apart; any other
 * answer is final. Thread-safe; close it to close its connections.
 */
public final class PlannerClient implements AutoCloseable {
    static final int ATTEMPTS = 3;
    /** Fields it does not know are ignored and numbers it misses are 0, so a planner of another version does not break it. */
    static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(5);
    private static final Timeout CALL_TIMEOUT = Timeout.ofSeconds(30);
    private static final int MOST_JOBS_PER_PAGE = 1000;
    private static final int PROBLEM_TEXT_LIMIT = 16 * 1024;

    private final URI base;
    private final String token;
    private final CloseableHttpClient http;

    /** The parts of a problem answer a failure repeats. */
    private record Problem(String code, String detail) {
    }

    /**
     * @param baseUrl the planner's URL, e.g. {@code http://127.0.0.1:8081}
     * @param token the bearer token sent with every call (role {@code scientist} or {@code operator}
     *     to register), or null for reads only
     */
    public PlannerClient(String baseUrl, String token) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("the planner's URL is http(s)://host:port, not " + baseUrl);
        }
        this.token = token;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT_TIMEOUT).setSocketTimeout(CALL_TIMEOUT)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(CALL_TIMEOUT).build())
                .setUserAgent("granary-planner-client")
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
    }

    /** Registers a PGE version: created, or the same content registered before; a version registered with other content is a 409. */
    public Registration register(PgeDefinition pge) {
        byte[] json = JSON.writeValueAsBytes(pge);
        String what = "POST /pges (" + pge.name() + " " + pge.version() + ")";
        return call(what, () -> {
            HttpPost post = new HttpPost(uri(Map.of(), "pges"));
            post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
            return post;
        }, response -> switch (response.getCode()) {
            case 201 -> new Registration(read(response, PgeDefinition.class), true);
            case 200 -> new Registration(read(response, PgeDefinition.class), false);
            default -> throw failure(what, response);
        });
    }

    /** Every job of a PGE (null: of all) in a state (null: in any), by id, read page by page. */
    public List<Job> jobs(String pge, String state) {
        List<Job> jobs = new ArrayList<>();
        long after = 0;
        while (true) {
            Map<String, String> query = new LinkedHashMap<>();
            if (pge != null) {
                query.put("pge", pge);
            }
            if (state != null) {
                query.put("state", state);
            }
            query.put("after", String.valueOf(after));
            query.put("limit", String.valueOf(MOST_JOBS_PER_PAGE));
            JobPage page = get("GET /jobs", uri(query, "jobs"), JobPage.class);
            jobs.addAll(page.items());
            if (page.nextAfter() == null) {
                return jobs;
            }
            after = page.nextAfter();
        }
    }

    public JobDetail job(long id) {
        return get("GET /jobs/" + id, uri(Map.of(), "jobs", String.valueOf(id)), JobDetail.class);
    }

    /** The granules a granule was made from, transitively. */
    public Lineage inputsOf(long granule) {
        return get("GET /lineage/" + granule + "/inputs", uri(Map.of(), "lineage", String.valueOf(granule), "inputs"), Lineage.class);
    }

    /** Everything made from a granule, transitively. */
    public Lineage derivedFrom(long granule) {
        return get("GET /lineage/" + granule + "/derived", uri(Map.of(), "lineage", String.valueOf(granule), "derived"), Lineage.class);
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    static boolean retries(int status) {
        return status == 408 || status == 429 || status == 502 || status == 503 || status == 504;
    }

    /** Connection failures; a response timeout is not one (the planner is alive and may still be working on it). */
    static boolean retries(IOException failure) {
        return failure instanceof ConnectException || failure instanceof ConnectTimeoutException || failure instanceof NoRouteToHostException
                || failure instanceof SocketException || failure instanceof NoHttpResponseException
                || failure instanceof ConnectionClosedException;
    }

    /** Reads an answer the retry policy let through. */
    @FunctionalInterface
    private interface Answer<T> {
        T read(ClassicHttpResponse response) throws IOException;
    }

    /** What one attempt gave: the value, or nothing when the answer asks for another attempt. */
    private record Attempt<T>(boolean done, T value) {
    }

    private <T> T get(String what, URI uri, Class<T> type) {
        return call(what, () -> new HttpGet(uri), response -> {
            if (response.getCode() != 200) {
                throw failure(what, response);
            }
            return read(response, type);
        });
    }

    private <T> T call(String what, Supplier<HttpUriRequestBase> request, Answer<T> answer) {
        for (int attempt = 1; ; attempt++) {
            boolean mayRetry = attempt < ATTEMPTS;
            try {
                Attempt<T> outcome = http.execute(authorized(request.get()), response -> mayRetry && retries(response.getCode())
                        ? new Attempt<T>(false, null) : new Attempt<>(true, answer.read(response)));
                if (outcome.done()) {
                    return outcome.value();
                }
            } catch (IOException e) {
                if (!mayRetry || !retries(e)) {
                    throw new PlannerException(what + ": the planner at " + base + " did not answer (" + e + ")", 0, null, retries(e), e);
                }
            }
            pause(what, FIRST_PAUSE.multipliedBy(1L << (attempt - 1)));
        }
    }

    private HttpUriRequestBase authorized(HttpUriRequestBase request) {
        if (token != null) {
            request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return request;
    }

    private URI uri(Map<String, String> query, String... segments) {
        try {
            URIBuilder builder = new URIBuilder(base).appendPathSegments(segments);
            query.forEach(builder::addParameter);
            return builder.build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot make a URL of " + base + " and " + String.join("/", segments), e);
        }
    }

    private static <T> T read(ClassicHttpResponse response, Class<T> type) throws IOException {
        return JSON.readValue(EntityUtils.toByteArray(response.getEntity()), type);
    }

    /** An answer the caller did not expect, with the problem's code and detail when the planner gave one. */
    static PlannerException failure(String what, ClassicHttpResponse response) {
        int status = response.getCode();
        Problem problem = problem(response);
        return new PlannerException(what + " answered " + status + (problem.detail() == null ? "" : ": " + problem.detail()), status,
                problem.code(), retries(status), null);
    }

    private static Problem problem(ClassicHttpResponse response) {
        try {
            String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8, PROBLEM_TEXT_LIMIT);
            return text.isBlank() ? new Problem(null, null) : JSON.readValue(text, Problem.class);
        } catch (IOException | ParseException | JacksonException notAProblem) {
            return new Problem(null, null);
        }
    }

    private static void pause(String what, Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlannerException("interrupted while waiting to repeat " + what, 0, null, true, e);
        }
    }
}
