package org.granary.planner.catalogue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.granary.planner.plan.JobPlanner;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes in ingest's granule events: once each (by event id), the granule learned, then planned:
 * the routine jobs it makes or completes become ready in the same transaction. Granules whose file
 * is not in the archive are left out: they are answered as taken in, and never learned.
 */
@Service
public class IngestEvents {
    static final String CALLBACK_KEY = "callback-key";
    private static final Logger LOG = LoggerFactory.getLogger(IngestEvents.class);

    private final CatalogueRepository catalogue;
    private final JobPlanner planner;
    private volatile String key;

    IngestEvents(CatalogueRepository catalogue, JobPlanner planner) {
        this.catalogue = catalogue;
        this.planner = planner;
    }

    /** Refuses a call without this planner's callback key (compared in constant time). */
    public void requireKey(String presentedKey) {
        if (presentedKey == null || !MessageDigest.isEqual(presentedKey.getBytes(StandardCharsets.UTF_8), key().getBytes(StandardCharsets.UTF_8))) {
            throw new GranaryException(ErrorCode.FORBIDDEN, "the callback key is missing or wrong");
        }
    }

    @Transactional
    public void receive(long eventId, String type, LearnedGranule granule) {
        if (granule == null || type == null) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "an event has a type and a granule");
        }
        if (!granule.inTheArchive()) {
            // A catalogue entry without a file here (the legacy catalogue's, brought by metadata-sync): no job could stage it.
            LOG.debug("event {} ({}) of granule {}: not in the archive; not learned", eventId, type, granule.id());
            return;
        }
        if (!catalogue.firstDelivery(eventId)) {
            LOG.debug("event {} ({}) of granule {} taken in before; ignored", eventId, type, granule.id());
            return;
        }
        LOG.debug("event {} ({}) of granule {} taken in", eventId, type, granule.id());
        catalogue.learn(granule);
        planner.granuleArrived(granule);
    }

    /** The key the callback URL carries: made once per planner database, shared by its instances. */
    @Transactional
    public String key() {
        String known = key;
        if (known == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            known = catalogue.settingIfAbsent(CALLBACK_KEY, HexFormat.of().formatHex(random));
            key = known;
        }
        return known;
    }
}
