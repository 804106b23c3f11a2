package org.granary.metadatasync;

import org.granary.platform.application.GranaryApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Keeps the legacy metadata database and the new one in agreement: change flow and reconciliation. */
@SpringBootApplication
public class MetadataSyncApplication {
    public static void main(String[] arguments) {
        GranaryApplication.run(MetadataSyncApplication.class, arguments);
    }
}
