package org.granary.archive.client;

import java.net.URI;

import static java.util.Objects.requireNonNull;

/** One archive node in the cluster map. A weight of 2 takes about twice the objects of a weight of 1. */
public record ClusterNode(String id, String url, double weight, NodeState state) {
    public ClusterNode {
        requireNonNull(id, "id is required");
        requireNonNull(url, "url is required");
        requireNonNull(state, "state is required: active or draining");
        if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("node id must be lowercase letters, digits and dashes: " + id);
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

    public ClusterNode withState(NodeState newState) {
        return new ClusterNode(id, url, weight, newState);
    }

    public ClusterNode withWeight(double newWeight) {
        return new ClusterNode(id, url, newWeight, state);
    }
}
