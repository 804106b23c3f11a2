package org.granary.archive;

import java.nio.file.Path;
import java.util.List;
import org.granary.testing.GeneratedSchemaCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedSchemaCodeIT {
    @TempDir
    Path scratch;

    @Test
    void committedJooqClassesMatchTheArchivePatches() {
        new GeneratedSchemaCode("archive-store", Path.of("src/main/resources/db/patches/archive-store"), List.of("public"),
                "org.granary.archive.schema", Path.of("src/generated/java"))
                .assertCurrentOrRegenerate(scratch);
    }
}
