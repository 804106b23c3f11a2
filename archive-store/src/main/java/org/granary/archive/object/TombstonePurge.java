package org.granary.archive.object;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes for good the tombstones whose grace period ended. */
@Component
class TombstonePurge {
    private static final Logger log = LoggerFactory.getLogger(TombstonePurge.class);
    private final ObjectStore store;

    TombstonePurge(ObjectStore store) {
        this.store = store;
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void purge() {
        int purged = store.purgeExpired();
        if (purged > 0) {
            log.info("purged {} tombstones past their grace period", purged);
        }
    }
}
