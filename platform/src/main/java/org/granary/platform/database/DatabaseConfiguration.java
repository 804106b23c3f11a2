package org.granary.platform.database;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Migration of the service's database at start. */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {
    @Bean
    static BeanPostProcessor servicePatchesOnStart(Environment environment) {
        return new ServicePatchesOnStart(environment);
    }
}
