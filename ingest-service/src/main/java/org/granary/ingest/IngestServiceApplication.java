package org.granary.ingest;

import org.granary.platform.application.GranaryApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The one door into the archive: pushes, PDR deliveries, the ESDT registry, granule metadata, search and download. */
@SpringBootApplication
@EnableConfigurationProperties(IngestProperties.class)
@EnableScheduling
public class IngestServiceApplication {
    public static void main(String[] arguments) {
        GranaryApplication.run(IngestServiceApplication.class, arguments);
    }
}
