package org.granary.ingest;

import java.nio.file.Path;
import java.util.List;
import org.granary.testing.GeneratedSchemaCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedSchemaCodeIT {
    @TempDir
    Path scratch;

    @Test
    void committedJooqClassesMatchTheIngestPatches() {
        new GeneratedSchemaCode("ingest-service", Path.of("src/main/resources/db/patches/ingest-service"), List.of("public"),
                "org.granary.ingest.schema", Path.of("src/generated/java"))
                .assertCurrentOrRegenerate(scratch);
    }
}
