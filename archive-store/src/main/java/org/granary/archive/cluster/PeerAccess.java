package org.granary.archive.cluster;

import jakarta.annotation.PreDestroy;
import org.granary.archive.client.NodeClient;
import org.granary.platform.auth.ServiceToken;
import org.springframework.stereotype.Component;

/**
 * How this node calls its peers: with its own service token ({@code granary.auth.service-token-file},
 * role {@code service}, label {@code archive-store}), read when first needed. Never with the admin
 * token: peers take copies and repairs from it, nothing more. Each client keeps a pool of
 * connections, closed with the application.
 */
@Component
public class PeerAccess {
    private final ServiceToken token;
    private final NodeClient anonymous = new NodeClient(null);
    private volatile NodeClient client;

    PeerAccess(ServiceToken token) {
        this.token = token;
    }

    public NodeClient client() {
        NodeClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = new NodeClient(token.secret());
                }
                current = client;
            }
        }
        return current;
    }

    /** Reads maps only, which needs no token; usable before the token file exists. */
    NodeClient anonymous() {
        return anonymous;
    }

    @PreDestroy
    synchronized void close() {
        anonymous.close();
        if (client != null) {
            client.close();
        }
    }
}
