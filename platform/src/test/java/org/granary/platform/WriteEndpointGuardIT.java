package org.granary.platform;

import java.nio.file.Path;
import org.granary.platform.application.GranaryApplication;
import org.granary.platform.unguarded.UnguardedApplication;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteEndpointGuardIT {
    @TempDir
    Path home;

    @Test
    void aServiceWithAWriteHandlerWithoutRequiredRoleRefusesToStart() {
        assertThatThrownBy(() -> GranaryApplication.run(UnguardedApplication.class,
                "--server.port=0",
                "--spring.datasource.url=" + TemporaryPostgres.freshDatabase("unguarded"),
                "--granary.auth.admin-token-file=" + home.resolve("admin-token"),
                "--logging.structured.format.console="))
                .hasStackTraceContaining("write handlers without @RequiresRole")
                .hasStackTraceContaining("/anyone-may-write");
    }
}
