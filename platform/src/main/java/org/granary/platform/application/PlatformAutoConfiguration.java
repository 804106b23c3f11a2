package org.granary.platform.application;

import org.granary.platform.auth.AuthConfiguration;
import org.granary.platform.database.DatabaseConfiguration;
import org.granary.platform.problem.ProblemAdvice;
import org.granary.platform.web.PlatformWebServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** What every service gets by having the platform on its classpath. */
@AutoConfiguration
@Import({DatabaseConfiguration.class, AuthConfiguration.class, ProblemAdvice.class, PlatformWebServer.class})
public class PlatformAutoConfiguration {
}
