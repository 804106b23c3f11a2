package org.granary.archive.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;

import static java.util.Objects.requireNonNull;

/**
 * One archive node in the cluster map. A weight of 2 takes about twice the objects of a weight of
 * 1. The zone (a rack, a room, a site: whatever fails as a whole) is optional; a node without one
 * is a zone of its own, and an object's copies go to distinct zones where the map has enough.
 */
public record ClusterNode(String id, String url, double weight, NodeState state, @JsonInclude(JsonInclude.Include.NON_NULL) String zone) {
    private static final String NAME = "[a-z0-9][a-z0-9-]{0,62}";

    public ClusterNode {
        requireNonNull(id, "id is required");
        requireNonNull(url, "url is required");
        requireNonNull(state, "state is required: active or draining");
        if (!id.matches(NAME)) {
            throw new IllegalArgumentException("node id must be lowercase letters, digits and dashes: " + id);
        }
        if (zone != null && !zone.matches(NAME)) {
            throw new IllegalArgumentException("zone must be lowercase letters, digits and dashes: " + zone);
        }
        URI parsed = URI.create(url);
        if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
            throw new IllegalArgumentException("node url must be http(s)://host:port: " + url);
        }
        if (!(weight > 0) || weight > 1000) {
            throw new IllegalArgumentException("node weight must be above 0 and at most 1000: " + weight);
        }
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A node in no zone: a zone of its own. */
    public ClusterNode(String id, String url, double weight, NodeState state) {
        this(id, url, weight, state, null);
    }

    public ClusterNode withState(NodeState newState) {
        return new ClusterNode(id, url, weight, newState, zone);
    }

    public ClusterNode withWeight(double newWeight) {
        return new ClusterNode(id, url, newWeight, state, zone);
    }

    boolean active() {
        return state == NodeState.ACTIVE;
    }

    /** What fails together with this node: its zone, or the node alone. */
    String failureDomain() {
        return zone == null ? "node " + id : "zone " + zone;
    }
}
