package org.granary.planner;

import java.nio.file.Path;
import java.util.List;
import org.granary.testing.GeneratedSchemaCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedSchemaCodeIT {
    @TempDir
    Path scratch;

    /** Quartz's tables (schema {@code quartz}) are Quartz's own: only the planner's schema is generated. */
    @Test
    void committedJooqClassesMatchThePlannerPatches() {
        new GeneratedSchemaCode("planner", Path.of("src/main/resources/db/patches/planner"), List.of("public"),
                "org.granary.planner.schema", Path.of("src/generated/java"))
                .assertCurrentOrRegenerate(scratch);
    }
}
