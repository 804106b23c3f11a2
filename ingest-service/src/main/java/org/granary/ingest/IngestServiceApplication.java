package org.granary.ingest;

import org.granary.platform.application.GranaryApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The one door into the archive: ground-station pushes and PDR deliveries, ESDT registry, granule metadata, search and download. */
@SpringBootApplication
public class IngestServiceApplication {
    public static void main(String[] arguments) {
        GranaryApplication.run(IngestServiceApplication.class, arguments);
    }
}
