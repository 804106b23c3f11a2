package org.granary.ingest.event;

import java.time.Clock;
import org.granary.ingest.IngestProperties;
import org.granary.ingest.archive.ArchiveAccess;
import org.granary.platform.outbound.HostResolver;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The callback rules, the delivery client and the retention job, from {@link EventsProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventsProperties.class)
class EventsConfiguration implements SchedulingConfigurer {
    private final EventsProperties properties;
    private final EventRepository events;
    private final EventDeliveryRepository deliveries;

    EventsConfiguration(EventsProperties properties, EventRepository events, EventDeliveryRepository deliveries) {
        this.properties = properties;
        this.events = events;
        this.deliveries = deliveries;
    }

    @Bean
    OwnServices ownServices(IngestProperties ingest, ArchiveAccess archive) {
        return new OwnServices(HostResolver.SYSTEM, new KnownArchiveNodes(ingest, archive));
    }

    @Bean
    ApplicationListener<WebServerInitializedEvent> ownPorts(OwnServices ownServices) {
        return event -> ownServices.servingOn(event.getWebServer().getPort());
    }

    @Bean
    CallbackPolicy callbackPolicy(OwnServices ownServices) {
        return new CallbackPolicy(properties.callbackAllowList(), ownServices, HostResolver.SYSTEM);
    }

    @Bean
    CallbackClient callbackClient(CallbackPolicy policy) {
        return new CallbackClient(properties, policy);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        EventRetention retention = new EventRetention(events, deliveries, Clock.systemUTC(), properties.retention(), EventRetention.BATCH);
        registrar.addFixedDelayTask(retention::deleteExpired, properties.retentionInterval());
    }
}
