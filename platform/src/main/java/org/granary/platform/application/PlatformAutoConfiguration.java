package org.granary.platform.application;

import org.granary.platform.auth.AuthConfiguration;
import org.granary.platform.database.DatabaseConfiguration;
import org.granary.platform.problem.ProblemConfiguration;
import org.granary.platform.web.PlatformWebServer;
import org.granary.platform.web.RequestLimits;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What every service gets by having the platform on its classpath. Before Spring Boot's error
 * handling, which then sees the platform's error controller and makes none of its own.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@Import({DatabaseConfiguration.class, AuthConfiguration.class, ProblemConfiguration.class, PlatformWebServer.class,
        RequestLimits.class})
public class PlatformAutoConfiguration {
}
