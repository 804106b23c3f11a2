package org.granary.archive;

import java.time.Clock;
import org.granary.platform.application.GranaryApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** An archive node: objects stored under their SHA-256 on this node's volumes, in a cluster of nodes. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(ArchiveProperties.class)
public class ArchiveStoreApplication {
    public static void main(String[] arguments) {
        GranaryApplication.run(ArchiveStoreApplication.class, arguments);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
