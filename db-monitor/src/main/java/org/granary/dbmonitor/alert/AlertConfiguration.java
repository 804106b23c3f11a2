package org.granary.dbmonitor.alert;

import java.time.Clock;
import java.time.Duration;
import org.granary.dbmonitor.cluster.Clusters;
import org.granary.platform.outbound.HostResolver;
import org.jooq.DSLContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The parts of alerting behind its API (the evaluator itself is registered with the assessor's listeners). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertProperties.class)
class AlertConfiguration {
    /** PostgreSQL keeps microseconds and rounds finer times: an instant taken and then stored must not come back later than it was. */
    static final Clock CLOCK = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));

    @Bean
    WebhookPolicy webhookPolicy(AlertProperties properties) {
        return new WebhookPolicy(properties.webhookAllowList(), HostResolver.SYSTEM);
    }

    @Bean
    RuleService ruleService(DSLContext sql, Clusters clusters, WebhookPolicy policy) {
        return new RuleService(sql, clusters, policy, CLOCK);
    }

    @Bean
    SilenceService silenceService(DSLContext sql, Clusters clusters) {
        return new SilenceService(sql, clusters, CLOCK);
    }

    @Bean
    NotificationSender notificationSender(DSLContext sql, AlertProperties properties, WebhookPolicy policy) {
        return new NotificationSender(sql, new WebhookClient(properties, policy), properties, CLOCK);
    }
}
