package org.granary.platform;

import java.nio.file.Path;
import java.util.List;
import org.granary.testing.GeneratedSchemaCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedSchemaCodeIT {
    @TempDir
    Path scratch;

    @Test
    void committedJooqClassesMatchTheAuthPatches() {
        new GeneratedSchemaCode("auth", Path.of("src/main/resources/db/patches/auth"), List.of("granary_auth"),
                "org.granary.platform.auth.schema", Path.of("src/generated/java"))
                .assertCurrentOrRegenerate(scratch);
    }
}
