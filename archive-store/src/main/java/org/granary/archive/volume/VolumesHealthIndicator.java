package org.granary.archive.volume;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code volumes} component of {@code /actuator/health}: each volume's state, free and total
 * bytes, what writes in progress reserved, and whether it takes writes. A node none of whose
 * volumes takes writes (all full or none active) is {@code READ_ONLY}: it still serves reads, so
 * the status answers 200, and it ranks below DOWN and above UP (application.yml).
 */
@Component
class VolumesHealthIndicator implements HealthIndicator {
    static final Status READ_ONLY = new Status("READ_ONLY", "no volume of this node takes writes (all below the minimum free, "
            + "read-only or draining); reads are served");

    private final Volumes volumes;

    VolumesHealthIndicator(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean anyTakesWrites = false;
        for (Volume volume : volumes.all()) {
            boolean takesWrites = volumes.takesWrites(volume);
            anyTakesWrites |= takesWrites;
            details.put(volume.name(), Map.of("state", volumes.state(volume).wireName(), "freeBytes", volume.freeBytes(),
                    "totalBytes", volume.totalBytes(), "reservedBytes", volumes.reservedBytes(volume), "takesWrites", takesWrites));
        }
        details.put("minimumFreeBytes", volumes.minimumFreeBytes());
        return Health.status(anyTakesWrites ? Status.UP : READ_ONLY).withDetails(details).build();
    }
}
