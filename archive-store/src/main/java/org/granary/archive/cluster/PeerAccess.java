package org.granary.archive.cluster;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.granary.archive.client.NodeClient;
import org.granary.platform.auth.AuthProperties;
import org.springframework.stereotype.Component;

/**
 * How this node calls its peers: with the platform's admin token, read from its file when first
 * needed (the file is written at start by whichever service starts first). Each client keeps a
 * pool of connections, closed with the application.
 */
@Component
public class PeerAccess {
    private final Path tokenFile;
    private final NodeClient anonymous = new NodeClient(null);
    private volatile NodeClient client;

    PeerAccess(AuthProperties authProperties) {
        this.tokenFile = authProperties.adminTokenFile();
    }

    public NodeClient client() {
        NodeClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    try {
                        client = new NodeClient(Files.readString(tokenFile).strip());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the token for peer nodes from " + tokenFile, e);
                    }
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
