package org.granary.archive.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.type.TypeReference;

/**
 * The HTTP API of one archive node, on Apache HttpClient 5 with one pool of connections (see
 * {@link NodeHttp} for the timeouts and {@link RetryPolicy} for what is retried). Failures are
 * {@link ArchiveException}s that say whether trying again (later, or on another node) may succeed.
 * Thread-safe; close it to close its connections.
 */
public final class NodeClient implements AutoCloseable {
    /** Every node's answer carries the epoch of its cluster map, so a client sees at once that its own is stale. */
    public static final String EPOCH_HEADER = "Granary-Cluster-Epoch";
    static final String COPY_HEADER = "Granary-Copy";
    static final String CAUSE_HEADER = "Granary-Cause";
    static final String WRITE_ID_HEADER = "Granary-Write-Id";
    static final String WRITTEN_AT_HEADER = "Granary-Written-At";
    /**
     * From this size a PUT waits for the node's {@code 100 Continue} before it sends the body, so
     * a node can refuse (no room, bad token) before the body travels; for a smaller one the extra
     * round trip costs more than sending it in vain.
     */
    static final long EXPECT_CONTINUE_FROM_BYTES = 1 << 20;
    private static final TypeReference<List<VolumeStatus>> VOLUMES = new TypeReference<>() {
    };
    private static final TypeReference<List<AuditEntry>> AUDIT = new TypeReference<>() {
    };

    private final NodeHttp http;

    private record Withdrawal(boolean withdrawn) {
    }

    private record NewNode(String id, String url, double weight, @JsonInclude(JsonInclude.Include.NON_NULL) String zone) {
    }

    /** A client that sends {@code token} as its bearer token, or none when it is null (reads only). */
    public NodeClient(String token) {
        this.http = new NodeHttp(token);
    }

    /**
     * Stores content under its checksum on a node; true when the node made the object, false when
     * it had it already. {@code copyAction} ({@code copy-in}, {@code repair} or null) and
     * {@code cause} go to the node's audit log. The content is read again for each attempt.
     */
    public boolean put(ClusterNode node, String checksum, ContentSource content, String copyAction, String cause) {
        return put(node, checksum, content, copyAction, cause, null, null);
    }

    /**
     * A copy between nodes: as {@link #put(ClusterNode, String, ContentSource, String, String)},
     * with the time of the client's write it copies, so that a node where the object was deleted
     * after that write refuses it (status 410) instead of bringing it back.
     */
    public boolean copy(ClusterNode node, String checksum, ContentSource content, String copyAction, String cause, Instant writtenAt) {
        return put(node, checksum, content, copyAction, cause, null, writtenAt);
    }

    /**
     * A copy of a client's put ({@link ArchiveClient#put}): as {@link #put(ClusterNode, String,
     * ContentSource, String, String)}, and an object it makes can be withdrawn with {@code writeId}
     * should the put fail as a whole.
     */
    boolean write(ClusterNode node, String checksum, ContentSource content, String cause, UUID writeId) {
        return put(node, checksum, content, null, cause, writeId, null);
    }

    private boolean put(ClusterNode node, String checksum, ContentSource content, String copyAction, String cause, UUID writeId,
            Instant writtenAt) {
        HttpEntity body = content instanceof ContentSource.InMemory inMemory
                ? new ByteArrayEntity(inMemory.bytes(), ContentType.APPLICATION_OCTET_STREAM) : new ContentSourceEntity(content);
        return http.call(node, "PUT " + checksum, () -> objectPut(node, checksum, body, copyAction, cause, writeId, writtenAt), true,
                response -> created(node, checksum, response));
    }

    /**
     * Streams content that can be read only once to a node (see {@link ArchiveClient#putOnce}):
     * sent once, never retried. True when the node made the object, which {@code writeId} can then
     * withdraw.
     */
    boolean putOnce(ClusterNode node, String checksum, InputStream content, long size, String cause, UUID writeId) {
        HttpEntity body = new InputStreamEntity(content, size, ContentType.APPLICATION_OCTET_STREAM);
        return http.call(node, "PUT " + checksum, () -> objectPut(node, checksum, body, null, cause, writeId, null), false,
                response -> created(node, checksum, response));
    }

    /**
     * Withdraws the object a failed put ({@code writeId}) made on a node; true when the node removed
     * it, false when another write relies on it (it stays). Sent once.
     */
    boolean withdraw(ClusterNode node, String checksum, UUID writeId) {
        String what = "withdraw " + checksum;
        return http.call(node, what, () -> configured(new HttpDelete(uri(node, "objects", checksum, "writes", writeId.toString())),
                NodeHttp.CALL_TIMEOUT), false, response -> ok(node, what, response, answer -> NodeHttp.json(answer, Withdrawal.class)))
                .withdrawn();
    }

    /**
     * Deletes an object from the whole cluster through {@code node}, made with the epoch of the
     * caller's map (409 when the node's differs: read the map again and repeat). Sent once; a
     * repeat is harmless.
     */
    public DeletedObject delete(ClusterNode node, String checksum, long epoch, String cause) {
        HttpDelete delete = configured(new HttpDelete(uri(node, "objects", checksum)), NodeHttp.CALL_TIMEOUT);
        delete.setHeader(EPOCH_HEADER, String.valueOf(epoch));
        if (cause != null) {
            delete.setHeader(CAUSE_HEADER, cause);
        }
        String what = "DELETE " + checksum;
        return http.call(node, what, () -> delete, false, response -> ok(node, what, response, answer -> NodeHttp.json(answer, DeletedObject.class)));
    }

    /** Hands a tombstone to another node, which keeps it and passes it on to nobody. Retried as a read: keeping it is idempotent. */
    public DeletedObject deleteReplica(ClusterNode node, String checksum, Instant deletedAt, String deletedBy) {
        String what = "deliver the tombstone of " + checksum;
        return http.call(node, what, () -> {
            HttpDelete delete = configured(new HttpDelete(uri(node, "objects", checksum)), NodeHttp.CALL_TIMEOUT);
            delete.setHeader(COPY_HEADER, "tombstone");
            delete.setHeader("Granary-Deleted-At", deletedAt.toString());
            delete.setHeader("Granary-Deleted-By", deletedBy);
            return delete;
        }, true, response -> ok(node, what, response, answer -> NodeHttp.json(answer, DeletedObject.class)));
    }

    /** Records on {@code holder} that {@code missingNodes} lack a copy of an object it holds; it makes them later. Sent once. */
    void recordMissingCopies(ClusterNode holder, String checksum, List<String> missingNodes) {
        byte[] body = NodeHttp.JSON.writeValueAsBytes(Map.of("missingNodes", missingNodes));
        String what = "record the copies of " + checksum + " missing on " + missingNodes;
        HttpPost post = configured(new HttpPost(uri(holder, "under-replicated", checksum)), NodeHttp.CALL_TIMEOUT);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        http.call(holder, what, () -> post, false, response -> ok(holder, what, response, answer -> null));
    }

    /** The node's under-replicated objects: counts, and the first {@code limit} missing copies, oldest first. */
    public UnderReplicatedReport underReplicated(ClusterNode node, int limit) {
        return read(node, "GET /under-replicated", uri(node, Map.of("limit", limit), "under-replicated"),
                answer -> NodeHttp.JSON.readValue(answer, UnderReplicatedReport.class));
    }

    /** The size of the node's copy, or empty when it has none. */
    public Optional<Long> head(ClusterNode node, String checksum) {
        return http.call(node, "HEAD " + checksum, () -> configured(new HttpHead(uri(node, "objects", checksum)), NodeHttp.CALL_TIMEOUT),
                true, response -> switch (response.getCode()) {
                    case 200 -> Optional.of(contentLength(response));
                    case 404 -> Optional.<Long>empty();
                    default -> throw NodeHttp.failure(node, "HEAD " + checksum, response);
                });
    }

    /**
     * The content of the node's copy, streamed as it arrives (the caller closes it), or empty when
     * the node has none. {@code range} is an HTTP byte range such as {@code bytes=0-1023}, or null
     * for the whole object; a range the object does not reach fails with status 416.
     */
    public Optional<InputStream> get(ClusterNode node, String checksum, String range) {
        ClassicHttpResponse response = http.open(node, "GET " + checksum, () -> {
            HttpGet get = configured(new HttpGet(uri(node, "objects", checksum)), NodeHttp.TRANSFER_TIMEOUT);
            if (range != null) {
                get.setHeader(HttpHeaders.RANGE, range);
            }
            return get;
        });
        int status = response.getCode();
        if (status == 200 || status == 206) {
            try {
                return Optional.of(new AnswerStream(response));
            } catch (IOException e) {
                throw new ArchiveException("GET " + checksum + " on node " + node.id() + " failed: " + e, true, 0, e);
            }
        }
        try {
            if (status == 404) {
                return Optional.empty();
            }
            throw NodeHttp.failure(node, "GET " + checksum, response);
        } finally {
            NodeHttp.closeQuietly(response);
        }
    }

    /** Which of {@code checksums} (at most 1000) the node holds, with the sizes of its copies: a HEAD of many at once. */
    public Map<String, Long> held(ClusterNode node, List<String> checksums) {
        String what = "POST /objects/held";
        byte[] body = NodeHttp.JSON.writeValueAsBytes(checksums);
        return http.call(node, what, () -> {
            HttpPost post = configured(new HttpPost(uri(node, "objects", "held")), NodeHttp.CALL_TIMEOUT);
            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            return post;
        }, true, response -> ok(node, what, response, answer -> NodeHttp.json(answer, Held.class))).held();
    }

    private record Held(Map<String, Long> held) {
    }

    /**
     * Asks the node to read its copy whole and check it against the name, as a node does before
     * it drops a copy of its own that relies on this one. Retried as a read: it changes nothing
     * but the quarantine of a corrupt copy, which a repeat finds done.
     */
    public CopyVerification verify(ClusterNode node, String checksum) {
        String what = "POST /objects/" + checksum + "/verification";
        return http.call(node, what, () -> configured(new HttpPost(uri(node, "objects", checksum, "verification")), NodeHttp.TRANSFER_TIMEOUT),
                true, response -> ok(node, what, response, answer -> NodeHttp.json(answer, CopyVerification.class)));
    }

    /**
     * The cluster map a node knows. Asked once, not retried: whoever wants the map asks every node
     * it knows, and a node that is down should not hold the others up.
     */
    public ClusterMap map(String nodeUrl) {
        ClusterNode node = new ClusterNode("seed", nodeUrl, 1, NodeState.ACTIVE);
        return http.call(node, "GET /cluster/map", () -> configured(new HttpGet(uri(node, "cluster", "map")), NodeHttp.CALL_TIMEOUT),
                false, response -> ok(node, "GET /cluster/map", response, answer -> NodeHttp.json(answer, ClusterMap.class)));
    }

    /**
     * Adds an active node to the map through {@code at}, in {@code zone} (null: a zone of its own);
     * fails with 409 unless the map is still at {@code expectedEpoch}.
     */
    public ClusterMap addNode(ClusterNode at, long expectedEpoch, String id, String url, double weight, String zone) {
        byte[] body = NodeHttp.JSON.writeValueAsBytes(new NewNode(id, url, weight, zone));
        return mapChange(at, "add node " + id, new HttpPost(uri(at, Map.of("expectedEpoch", expectedEpoch), "cluster", "nodes")),
                new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    }

    /** Sets the write quorum of the map through {@code at}; fails with 409 unless the map is still at {@code expectedEpoch}. */
    public ClusterMap setWriteQuorum(ClusterNode at, long expectedEpoch, int writeQuorum) {
        byte[] body = NodeHttp.JSON.writeValueAsBytes(Map.of("writeQuorum", writeQuorum));
        return mapChange(at, "set the write quorum to " + writeQuorum, new HttpPut(uri(at, Map.of("expectedEpoch", expectedEpoch), "cluster",
                "write-quorum")), new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    }

    /** Drains a node: it takes no new copies, and a rebalance moves its objects away. */
    public ClusterMap drain(ClusterNode at, long expectedEpoch, String id) {
        return mapChange(at, "drain node " + id, new HttpPost(uri(at, Map.of("expectedEpoch", expectedEpoch), "cluster", "nodes", id, "drain")),
                null);
    }

    /** Removes a drained node from the map. */
    public ClusterMap removeNode(ClusterNode at, long expectedEpoch, String id) {
        return mapChange(at, "remove node " + id, new HttpDelete(uri(at, Map.of("expectedEpoch", expectedEpoch), "cluster", "nodes", id)),
                null);
    }

    /** The node's volumes, their state and space. */
    public List<VolumeStatus> volumes(ClusterNode node) {
        return read(node, "GET /volumes", uri(node, "volumes"), answer -> NodeHttp.JSON.readValue(answer, VOLUMES));
    }

    /** What a rebalance of the node would move, at {@code bytesPerSecond} or the node's default throttle. */
    public RebalancePlan rebalancePlan(ClusterNode node, OptionalLong bytesPerSecond) {
        return read(node, "GET /rebalance/plan", uri(node, throttle(bytesPerSecond), "rebalance", "plan"),
                answer -> NodeHttp.JSON.readValue(answer, RebalancePlan.class));
    }

    /** Starts a rebalance of the node; fails with 409 while one runs. */
    public RebalanceProgress startRebalance(ClusterNode node, OptionalLong bytesPerSecond) {
        return start(node, "POST /rebalance", uri(node, throttle(bytesPerSecond), "rebalance"), RebalanceProgress.class);
    }

    /** The node's latest rebalance; fails with 404 when none ran. */
    public RebalanceProgress rebalanceProgress(ClusterNode node) {
        return read(node, "GET /rebalance", uri(node, "rebalance"), answer -> NodeHttp.JSON.readValue(answer, RebalanceProgress.class));
    }

    /** Starts a full scrub pass of the node; fails with 409 while one runs. */
    public ScrubProgress startScrub(ClusterNode node) {
        return start(node, "POST /scrub", uri(node, "scrub"), ScrubProgress.class);
    }

    public ScrubProgress scrubProgress(ClusterNode node) {
        return read(node, "GET /scrub", uri(node, "scrub"), answer -> NodeHttp.JSON.readValue(answer, ScrubProgress.class));
    }

    /** The node's events for one object, oldest first. */
    public List<AuditEntry> audit(ClusterNode node, String checksum) {
        return read(node, "GET /audit/" + checksum, uri(node, "audit", checksum), answer -> NodeHttp.JSON.readValue(answer, AUDIT));
    }

    /** The highest cluster map epoch any node answered with, or -1. */
    public long highestEpochSeen() {
        return http.highestEpochSeen();
    }

    /** Closes the connections. */
    @Override
    public void close() {
        http.close();
    }

    private HttpPut objectPut(ClusterNode node, String checksum, HttpEntity body, String copyAction, String cause, UUID writeId,
            Instant writtenAt) {
        HttpPut put = new HttpPut(uri(node, "objects", checksum));
        put.setConfig(http.config(NodeHttp.TRANSFER_TIMEOUT, body.getContentLength() >= EXPECT_CONTINUE_FROM_BYTES));
        put.setEntity(body);
        if (copyAction != null) {
            put.setHeader(COPY_HEADER, copyAction);
        }
        if (cause != null) {
            put.setHeader(CAUSE_HEADER, cause);
        }
        if (writeId != null) {
            put.setHeader(WRITE_ID_HEADER, writeId.toString());
        }
        if (writtenAt != null) {
            put.setHeader(WRITTEN_AT_HEADER, writtenAt.toString());
        }
        return put;
    }

    private static boolean created(ClusterNode node, String checksum, ClassicHttpResponse response) {
        return switch (response.getCode()) {
            case 201 -> true;
            case 200 -> false;
            default -> throw NodeHttp.failure(node, "PUT " + checksum, response);
        };
    }

    /** A map change: sent once (its epoch makes a repeat fail), the new map its answer. */
    private ClusterMap mapChange(ClusterNode at, String what, HttpUriRequestBase request, HttpEntity body) {
        request.setConfig(http.config(NodeHttp.CALL_TIMEOUT, false));
        request.setEntity(body);
        return http.call(at, what, () -> request, false, response -> ok(at, what, response, answer -> NodeHttp.json(answer, ClusterMap.class)));
    }

    /** A GET of a JSON document. */
    private <T> T read(ClusterNode node, String what, URI uri, Function<byte[], T> parse) {
        return http.call(node, what, () -> configured(new HttpGet(uri), NodeHttp.CALL_TIMEOUT), true,
                response -> ok(node, what, response, answer -> parse.apply(EntityUtils.toByteArray(answer.getEntity()))));
    }

    /** A POST that starts long work (202); sent once. */
    private <T> T start(ClusterNode node, String what, URI uri, Class<T> type) {
        return http.call(node, what, () -> configured(new HttpPost(uri), NodeHttp.CALL_TIMEOUT), false,
                response -> ok(node, what, response, answer -> NodeHttp.json(answer, type)));
    }

    private static <T> T ok(ClusterNode node, String what, ClassicHttpResponse response, NodeHttp.Answer<T> answer) throws IOException {
        if (response.getCode() / 100 != 2) {
            throw NodeHttp.failure(node, what, response);
        }
        return answer.read(response);
    }

    private <T extends HttpUriRequestBase> T configured(T request, Timeout silence) {
        request.setConfig(http.config(silence, false));
        return request;
    }

    private static long contentLength(ClassicHttpResponse response) {
        Header length = response.getFirstHeader(HttpHeaders.CONTENT_LENGTH);
        return length == null ? -1 : Long.parseLong(length.getValue().strip());
    }

    private static Map<String, Object> throttle(OptionalLong bytesPerSecond) {
        return bytesPerSecond.isPresent() ? Map.of("bytesPerSecond", bytesPerSecond.getAsLong()) : Map.of();
    }

    private static URI uri(ClusterNode node, String... segments) {
        return uri(node, Map.of(), segments);
    }

    private static URI uri(ClusterNode node, Map<String, Object> query, String... segments) {
        try {
            URIBuilder builder = new URIBuilder(node.url()).appendPathSegments(segments);
            query.forEach((name, value) -> builder.addParameter(name, String.valueOf(value)));
            return builder.build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + node.url(), e);
        }
    }
}
