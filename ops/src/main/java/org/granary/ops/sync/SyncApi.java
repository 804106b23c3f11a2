package org.granary.ops.sync;

import java.io.IOException;
import java.net.ConnectException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static java.util.Objects.requireNonNull;

/** metadata-sync's HTTP API with one token; an answer other than 2xx becomes a {@link Refused} with its problem detail. */
final class SyncApi implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final String token;
    private final CloseableHttpClient http = HttpClients.createDefault();

    SyncApi(String baseUrl, String token) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null").replaceAll("/+$", "");
        this.token = requireNonNull(token, "token is null");
    }

    /** metadata-sync said no, or failed: what its problem+json says. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    JsonNode get(String path) throws IOException {
        return send(new HttpGet(baseUrl + path));
    }

    /** A POST with {@code json} as its body, or none when null. */
    JsonNode post(String path, String json) throws IOException {
        HttpPost post = new HttpPost(baseUrl + path);
        if (json != null) {
            post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        }
        return send(post);
    }

    String url(String path) {
        return baseUrl + path;
    }

    private JsonNode send(HttpUriRequestBase request) throws IOException {
        request.setHeader("Authorization", "Bearer " + token);
        request.setHeader("Accept", "application/json, application/problem+json");
        try {
            return http.execute(request, this::read);
        } catch (ConnectException e) {
            throw new Refused("metadata-sync does not answer at " + baseUrl + " (is the platform up? ops/granary status): " + e.getMessage());
        }
    }

    private JsonNode read(ClassicHttpResponse response) throws IOException, ParseException {
        String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
        if (response.getCode() / 100 == 2) {
            return body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        }
        throw new Refused("metadata-sync answered " + response.getCode() + ": " + problemDetail(body));
    }

    /** The problem's detail (and its code), or the body as it came when it is not problem+json. */
    static String problemDetail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            String detail = problem.path("detail").asString(problem.path("title").asString(body));
            String code = problem.path("code").asString("");
            return code.isEmpty() ? detail : detail + " (" + code + ")";
        } catch (JacksonException e) {
            return body.strip();
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
