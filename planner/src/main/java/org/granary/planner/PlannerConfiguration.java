package org.granary.planner;

import java.time.Duration;
import org.granary.planner.plan.OrbitClock;
import org.granary.planner.plan.Units;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PlannerProperties.class)
class PlannerConfiguration {
    @Bean
    Units units(PlannerProperties properties) {
        Duration period = properties.orbitPeriod();
        return new Units(new OrbitClock(properties.orbitNumber(), properties.orbitStart(), period));
    }
}
