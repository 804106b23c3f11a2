package org.granary.planner.catalogue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.granary.ingest.client.GranulePage;
import org.granary.ingest.client.GranuleSearch;
import org.granary.ingest.client.IngestClient;
import org.granary.planner.PlannerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Connects the planner to ingest-service once it listens: subscribes its callback URL to every
 * granule event (unless a subscription of this token to that URL exists), then reads back the
 * catalogue it has not learned yet, page by page. Retried until ingest answers; the planner's
 * health says {@code DOWN} until then, so that nothing is pushed that the planner would miss.
 */
@Component("ingestSubscription")
class IngestSubscription implements ApplicationListener<WebServerInitializedEvent>, HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(IngestSubscription.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final IngestClient ingest;
    private final IngestEvents events;
    private final CatalogueRepository catalogue;
    private final PlannerProperties properties;
    private final AtomicReference<String> problem = new AtomicReference<>("not yet subscribed to ingest-service");

    IngestSubscription(IngestClient plannerIngestClient, IngestEvents events, CatalogueRepository catalogue, PlannerProperties properties) {
        this.ingest = plannerIngestClient;
        this.events = events;
        this.catalogue = catalogue;
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        String base = properties.callbackUrl().isEmpty() ? "http://127.0.0.1:" + event.getWebServer().getPort() + "/events/ingest"
                : properties.callbackUrl();
        Thread.ofVirtual().name("ingest-subscription").start(() -> connect(base));
    }

    @Override
    public Health health() {
        String now = problem.get();
        return now == null ? Health.up().build() : Health.down().withDetail("ingest", now).build();
    }

    private void connect(String base) {
        String callback = base + "?key=" + events.key();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (ingest.subscriptions().stream().noneMatch(subscription -> subscription.active() && subscription.callbackUrl().equals(callback))) {
                    ingest.subscribe(callback, java.util.List.of());
                    LOG.info("subscribed {} to ingest-service's granule events", base);
                }
                readBack();
                problem.set(null);
                return;
            } catch (RuntimeException e) {
                problem.set("ingest-service at " + properties.ingestUrl() + ": " + e.getMessage());
                LOG.warn("could not subscribe to ingest-service yet (retrying every {} s): {}", RETRY.toSeconds(), e.getMessage());
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException stopping) {
                    return;
                }
            }
        }
    }

    /** Learns the granules archived before the subscription, without planning them: history is a campaign's work. */
    private void readBack() {
        GranuleSearch search = GranuleSearch.all().after(catalogue.highestId()).limit(GranuleSearch.MAX_LIMIT);
        long learned = 0;
        while (search != null) {
            GranulePage page = ingest.search(search);
            for (var granule : page.items()) {
                LearnedGranule known = LearnedGranule.of(granule);
                if (known.inTheArchive()) {
                    catalogue.learn(known);
                    learned++;
                }
            }
            search = search.next(page);
        }
        if (learned > 0) {
            LOG.info("learned {} granules from ingest-service's catalogue", learned);
        }
    }
}
