package org.granary.ingest.archive;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.granary.archive.client.ArchiveClient;
import org.granary.ingest.IngestProperties;
import org.granary.platform.auth.ServiceToken;
import org.springframework.stereotype.Component;

/**
 * The archive client of this service, made on first use. It sends ingest's own service token
 * ({@code granary.auth.service-token-file}, role {@code service}, label {@code ingest-service}), so
 * the archive's audit log names ingest as the writer and ingest holds no admin token.
 */
@Component
public class ArchiveAccess {
    private final IngestProperties properties;
    private final ServiceToken token;
    private volatile ArchiveClient client;

    ArchiveAccess(IngestProperties properties, ServiceToken token) {
        this.properties = properties;
        this.token = token;
    }

    public ArchiveClient client() {
        ArchiveClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = new ArchiveClient(properties.archiveNodes(), token.secret(), Duration.ofSeconds(30));
                }
                current = client;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
