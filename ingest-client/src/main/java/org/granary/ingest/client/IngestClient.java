package org.granary.ingest.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.FileEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * ingest-service for stations, processing and tools: push files, deliver them with a PDR and
 * read its PAN, search and read granules, download their content, subscribe to events. Every
 * failure is an {@link IngestException} with ingest's status and problem code; what is retried is
 * in {@link RetryPolicy}. Thread-safe; close it to close its connections.
 */
public final class IngestClient implements AutoCloseable {
    /** From this size a push waits for ingest's {@code 100 Continue} before it sends the body. */
    static final long EXPECT_CONTINUE_FROM_BYTES = 1 << 20;

    /** The header naming the processing job that made a pushed file. */
    static final String PRODUCING_JOB_HEADER = "Granary-Producing-Job";

    private final IngestHttp http;

    /**
     * @param baseUrl ingest's URL, e.g. {@code http://127.0.0.1:8080}
     * @param token the bearer token sent with every call (role {@code station} or {@code scientist}
     *     to push, {@code scientist} or {@code operator} to subscribe), or null for reads only
     */
    public IngestClient(String baseUrl, String token) {
        this.http = new IngestHttp(baseUrl, token);
    }

    /** Pushes a file under {@code fileName}; retried as needed, the file read again each time. */
    public PushResult push(String fileName, Path file, DeclaredChecksums declared) {
        return push(fileName, new FileEntity(file.toFile(), ContentType.APPLICATION_OCTET_STREAM), declared, true, null);
    }

    /**
     * Pushes a file a processing job made, naming the job ({@code Granary-Producing-Job}); only the
     * planner's service token may. Retried as needed, the file read again each time.
     */
    public PushResult pushProduct(String fileName, Path file, DeclaredChecksums declared, String producingJob) {
        if (producingJob == null || producingJob.isBlank()) {
            throw new IllegalArgumentException("a product names the job that made it");
        }
        return push(fileName, new FileEntity(file.toFile(), ContentType.APPLICATION_OCTET_STREAM), declared, true, producingJob);
    }

    /** Pushes content held in memory; retried as needed. */
    public PushResult push(String fileName, byte[] content, DeclaredChecksums declared) {
        return push(fileName, new ByteArrayEntity(content, ContentType.APPLICATION_OCTET_STREAM), declared, true, null);
    }

    /**
     * Pushes exactly {@code size} bytes of a stream; sent once, never retried (the stream cannot
     * be read again: push again with a new one when {@link IngestException#retriable()}).
     */
    public PushResult push(String fileName, InputStream content, long size, DeclaredChecksums declared) {
        return push(fileName, new InputStreamEntity(content, size, ContentType.APPLICATION_OCTET_STREAM), declared, false, null);
    }

    /**
     * Posts a Product Delivery Record (ODL) under its name: the delivery and the files it awaits.
     * The same PDR again is answered with the same delivery, so it is retried as needed.
     */
    public Delivery postPdr(String pdrName, byte[] pdr) {
        String what = "POST /pdrs/" + pdrName;
        return http.call(what, () -> {
            HttpPost post = configured(new HttpPost(http.uri(Map.of(), "pdrs", pdrName)), IngestHttp.CALL_TIMEOUT);
            post.setEntity(new ByteArrayEntity(pdr, ContentType.APPLICATION_OCTET_STREAM));
            return post;
        }, true, response -> ok(what, response, Delivery.class));
    }

    /** A delivery: its state and each file's disposition. */
    public Delivery delivery(long id) {
        return get("GET /pdrs/" + id, http.uri(Map.of(), "pdrs", String.valueOf(id)), Delivery.class);
    }

    /** The Production Acceptance Notification of a complete delivery (SHORTPAN or LONGPAN); 409 while files are awaited. */
    public String pan(long id) {
        String what = "GET /pdrs/" + id + "/pan";
        return http.call(what, () -> configured(new HttpGet(http.uri(Map.of(), "pdrs", String.valueOf(id), "pan")), IngestHttp.CALL_TIMEOUT),
                true, response -> {
                    if (response.getCode() != 200) {
                        throw IngestHttp.failure(what, response);
                    }
                    return IngestHttp.text(response);
                });
    }

    /** One page of archived granules; {@link GranuleSearch#next} continues it. */
    public GranulePage search(GranuleSearch search) {
        return get("GET /granules", http.uri(search.parameters(), "granules"), GranulePage.class);
    }

    public Granule granule(long id) {
        return get("GET /granules/" + id, http.uri(Map.of(), "granules", String.valueOf(id)), Granule.class);
    }

    /** A granule's file, streamed as it arrives; the caller closes it. */
    public InputStream download(long id) {
        return download(id, null);
    }

    /**
     * Bytes {@code first} to {@code last} (inclusive) of a granule's file, streamed; the caller
     * closes it. A range that starts at or beyond the end fails with status 416.
     */
    public InputStream download(long id, long first, long last) {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("a range is first <= last, both from 0: " + first + "-" + last);
        }
        return download(id, "bytes=" + first + "-" + last);
    }

    /** Subscribes a callback URL to "granule archived" events of these ESDTs (none: all). Sent once: each call subscribes again. */
    public Subscription subscribe(String callbackUrl, List<String> esdts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callbackUrl", callbackUrl);
        body.put("esdts", List.copyOf(esdts));
        byte[] json = IngestHttp.JSON.writeValueAsBytes(body);
        return http.call("POST /subscriptions", () -> {
            HttpPost post = configured(new HttpPost(http.uri(Map.of(), "subscriptions")), IngestHttp.CALL_TIMEOUT);
            post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
            return post;
        }, false, response -> ok("POST /subscriptions", response, Subscription.class));
    }

    /** The caller's subscriptions (every one, for operators and admins). */
    public List<Subscription> subscriptions() {
        return List.of(get("GET /subscriptions", http.uri(Map.of(), "subscriptions"), Subscription[].class));
    }

    /** The outcomes of {@code POST /granules/sync}, in request order. */
    private record SyncResults(List<SyncResult> results) {
    }

    private record Hashes(List<RangeHash> ranges) {
    }

    private record Rows(List<CatalogueRow> records) {
    }

    /**
     * Applies up to 10,000 canonical records in one transaction ({@code POST /granules/sync}; the
     * token of metadata-sync or an admin): each record's outcome, in request order. Retried as
     * needed: a batch applied twice answers {@code unchanged}.
     */
    public List<SyncResult> sync(String origin, List<SyncRecord> records) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("origin", origin);
        body.put("records", records);
        return post("POST /granules/sync", "granules/sync", body, SyncResults.class).results();
    }

    /** The count and hash of each key range's canonical records, computed in ingest's database. */
    public List<RangeHash> hashes(List<RangeHash> ranges, SyncFilter filter) {
        Map<String, Object> body = new LinkedHashMap<>(filter.fields());
        body.put("ranges", ranges.stream().map(range -> {
            Map<String, Object> bounds = new LinkedHashMap<>();
            bounds.put("from", range.from());
            bounds.put("to", range.to());
            return bounds;
        }).toList());
        return post("POST /granules/sync/hashes", "granules/sync/hashes", body, Hashes.class).ranges();
    }

    /**
     * The canonical records of the key range [from, to) (null bounds are open) with the granules
     * that hold them, by file name in byte order, at most {@code limit}.
     */
    public List<CatalogueRow> rows(String from, String to, SyncFilter filter, int limit) {
        Map<String, Object> body = new LinkedHashMap<>(filter.fields());
        body.put("from", from);
        body.put("to", to);
        body.put("limit", limit);
        return post("POST /granules/sync/rows", "granules/sync/rows", body, Rows.class).records();
    }

    /** Granule events after {@code cursor} (null: from the start) in commit order, at most {@code limit} (up to 5000). */
    public ChangePage changes(String cursor, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        if (cursor != null) {
            query.put("after", cursor);
        }
        query.put("limit", String.valueOf(limit));
        return get("GET /granules/changes", http.uri(query, "granules", "changes"), ChangePage.class);
    }

    /**
     * Corrects a granule's metadata ({@code PATCH /granules/{id}}): the fields of {@code fields}
     * ({@code startTime}, {@code endTime} as {@link java.time.Instant} or text, {@code orbit},
     * {@code qaFlag}) are set. Sent once.
     */
    public Granule correct(long id, Map<String, Object> fields) {
        byte[] json = IngestHttp.JSON.writeValueAsBytes(fields);
        String what = "PATCH /granules/" + id;
        return http.call(what, () -> {
            org.apache.hc.client5.http.classic.methods.HttpPatch patch =
                    configured(new org.apache.hc.client5.http.classic.methods.HttpPatch(http.uri(Map.of(), "granules", String.valueOf(id))),
                            IngestHttp.CALL_TIMEOUT);
            patch.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
            return patch;
        }, false, response -> ok(what, response, Granule.class));
    }

    /** Deletes a granule from the catalogue ({@code DELETE /granules/{id}}); 409 when it is deleted already. Sent once. */
    public Granule delete(long id) {
        String what = "DELETE /granules/" + id;
        return http.call(what, () -> configured(new org.apache.hc.client5.http.classic.methods.HttpDelete(
                http.uri(Map.of(), "granules", String.valueOf(id))), IngestHttp.CALL_TIMEOUT), false, response -> ok(what, response, Granule.class));
    }

    @Override
    public void close() {
        http.close();
    }

    /** A POST of JSON that changes nothing when repeated (a sync batch, a read sent as a document): retried as needed. */
    private <T> T post(String what, String path, Object body, Class<T> type) {
        byte[] json = IngestHttp.JSON.writeValueAsBytes(body);
        return http.call(what, () -> {
            HttpPost post = configured(new HttpPost(http.uri(Map.of(), path.split("/"))), IngestHttp.TRANSFER_TIMEOUT);
            post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
            return post;
        }, true, response -> ok(what, response, type));
    }

    private PushResult push(String fileName, HttpEntity content, DeclaredChecksums declared, boolean repeatable, String producingJob) {
        Map<String, String> query = new LinkedHashMap<>();
        if (declared.md5() != null) {
            query.put("md5", declared.md5());
        }
        if (declared.sha256() != null) {
            query.put("sha256", declared.sha256());
        }
        String what = "PUT /files/" + fileName;
        return http.call(what, () -> {
            HttpPut put = new HttpPut(http.uri(query, "files", fileName));
            put.setConfig(http.config(IngestHttp.TRANSFER_TIMEOUT, content.getContentLength() >= EXPECT_CONTINUE_FROM_BYTES));
            put.setEntity(content);
            if (producingJob != null) {
                put.setHeader(PRODUCING_JOB_HEADER, producingJob);
            }
            return put;
        }, repeatable, response -> switch (response.getCode()) {
            case 201 -> new PushResult(IngestHttp.json(response, Granule.class), true);
            case 200 -> new PushResult(IngestHttp.json(response, Granule.class), false);
            default -> throw IngestHttp.failure(what, response);
        });
    }

    private InputStream download(long id, String range) {
        String what = "GET /granules/" + id + "/content" + (range == null ? "" : " (" + range + ")");
        ClassicHttpResponse response = http.open(what, () -> {
            HttpGet get = configured(new HttpGet(http.uri(Map.of(), "granules", String.valueOf(id), "content")), IngestHttp.TRANSFER_TIMEOUT);
            if (range != null) {
                get.setHeader(HttpHeaders.RANGE, range);
            }
            return get;
        });
        if (response.getCode() == (range == null ? 200 : 206)) {
            try {
                return new AnswerStream(response);
            } catch (IOException e) {
                IngestHttp.closeQuietly(response);
                throw new IngestException(what + " failed: " + e, 0, null, true, e);
            }
        }
        try {
            throw IngestHttp.failure(what, response);
        } finally {
            IngestHttp.closeQuietly(response);
        }
    }

    private <T> T get(String what, URI uri, Class<T> type) {
        return http.call(what, () -> configured(new HttpGet(uri), IngestHttp.CALL_TIMEOUT), true, response -> ok(what, response, type));
    }

    private static <T> T ok(String what, ClassicHttpResponse response, Class<T> type) throws IOException {
        if (response.getCode() / 100 != 2) {
            throw IngestHttp.failure(what, response);
        }
        return IngestHttp.json(response, type);
    }

    private <T extends HttpUriRequestBase> T configured(T request, Timeout silence) {
        request.setConfig(http.config(silence, false));
        return request;
    }
}
