package org.granary.ingest.delivery;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A delivery as recorded: its PDR, who sent it, and how far it got.
 *
 * @param pan the Production Acceptance Notification, once every file has its disposition; else null
 */
record PdrDelivery(long id, String pdrName, String station, String pdrSha256, String state, Instant receivedAt, Instant completedAt,
        String pan) {
    PdrDelivery {
        requireNonNull(pdrName, "pdrName is null");
        requireNonNull(station, "station is null");
        requireNonNull(pdrSha256, "pdrSha256 is null");
        requireNonNull(state, "state is null");
        requireNonNull(receivedAt, "receivedAt is null");
    }
}
