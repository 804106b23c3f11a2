package org.granary.archive;

import org.granary.platform.application.GranaryApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Checksum-addressed distributed archive node: objects stored under their SHA-256 on several nodes, rebalanced and scrubbed. */
@SpringBootApplication
public class ArchiveStoreApplication {
    public static void main(String[] arguments) {
        GranaryApplication.run(ArchiveStoreApplication.class, arguments);
    }
}
