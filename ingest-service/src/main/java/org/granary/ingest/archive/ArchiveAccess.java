package org.granary.ingest.archive;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.granary.archive.client.ArchiveClient;
import org.granary.ingest.IngestProperties;
import org.granary.platform.auth.AuthProperties;
import org.springframework.stereotype.Component;

/**
 * The archive client of this service. It is made on first use: the token it sends is the
 * platform's admin token, whose file exists only once some service has started.
 */
@Component
public class ArchiveAccess {
    private final IngestProperties properties;
    private final AuthProperties auth;
    private volatile ArchiveClient client;

    ArchiveAccess(IngestProperties properties, AuthProperties auth) {
        this.properties = properties;
        this.auth = auth;
    }

    public ArchiveClient client() {
        ArchiveClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = new ArchiveClient(properties.archiveNodes(), token(), Duration.ofSeconds(30));
                }
                current = client;
            }
        }
        return current;
    }

    private String token() {
        try {
            return Files.readString(auth.adminTokenFile()).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token for the archive from " + auth.adminTokenFile(), e);
        }
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
