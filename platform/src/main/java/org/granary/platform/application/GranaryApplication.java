package org.granary.platform.application;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a Granary service with the platform's defaults ({@code granary-defaults.properties}) at
 * the lowest precedence, so that a service's {@code application.yml}, files and environment
 * variables override any of them.
 */
public final class GranaryApplication {
    private GranaryApplication() {
    }

    public static ConfigurableApplicationContext run(Class<?> application, String... arguments) {
        SpringApplication spring = new SpringApplication(application);
        spring.setDefaultProperties(defaults());
        return spring.run(arguments);
    }

    public static Properties defaults() {
        try (InputStream in = GranaryApplication.class.getResourceAsStream("/granary-defaults.properties")) {
            Properties defaults = new Properties();
            defaults.load(in);
            return defaults;
        } catch (IOException e) {
            throw new UncheckedIOException("granary-defaults.properties is missing from the platform jar", e);
        }
    }
}
