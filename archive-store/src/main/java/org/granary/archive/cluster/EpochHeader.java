package org.granary.archive.cluster;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.granary.archive.client.NodeClient;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every answer carries the node's map epoch, so a client sees at once that its map is stale. */
@Component
class EpochHeader extends OncePerRequestFilter {
    private final ClusterService cluster;

    EpochHeader(ClusterService cluster) {
        this.cluster = cluster;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(NodeClient.EPOCH_HEADER, String.valueOf(cluster.current().epoch()));
        chain.doFilter(request, response);
    }
}
