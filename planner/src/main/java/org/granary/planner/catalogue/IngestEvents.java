package org.granary.planner.catalogue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.granary.planner.plan.JobPlanner;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes in ingest's granule events: once each (by event id), the granule learned, then planned:
 * the routine jobs it makes or completes become ready in the same transaction.
 */
@Service
public class IngestEvents {
    static final String CALLBACK_KEY = "callback-key";

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
        if (!catalogue.firstDelivery(eventId)) {
            return;
        }
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
