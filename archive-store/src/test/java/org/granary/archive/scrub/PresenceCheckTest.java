package org.granary.archive.scrub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.granary.archive.object.StoredObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The walk of the inventory and the files side by side, both in checksum order. */
class PresenceCheckTest {
    private final List<String> missing = new ArrayList<>();
    private final List<String> unrecorded = new ArrayList<>();

    @Test
    void handsOnWhatOnlyOneSideHoldsWhereverItFalls() {
        merge(List.of("0a", "1b", "2c", "9f"), List.of("00", "1b", "3d", "9f", "fe"));

        assertThat(missing).containsExactly("0a", "2c");
        assertThat(unrecorded).containsExactly("00", "3d", "fe");
    }

    @Test
    void anEmptySideMakesEverythingOfTheOtherMissingOrUnrecorded() {
        merge(List.of("1b", "2c"), List.of());
        merge(List.of(), List.of("3d"));

        assertThat(missing).containsExactly("1b", "2c");
        assertThat(unrecorded).containsExactly("3d");
    }

    @Test
    void identicalSidesHandOnNothing() {
        merge(List.of("1b", "2c"), List.of("1b", "2c"));

        assertThat(missing).isEmpty();
        assertThat(unrecorded).isEmpty();
    }

    private void merge(List<String> inventory, List<String> files) {
        PresenceCheck.merge(inventory.stream().map(PresenceCheckTest::row).iterator(), files.iterator(),
                row -> missing.add(row.checksum()), unrecorded::add);
    }

    private static StoredObject row(String checksum) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new StoredObject(checksum, "v1", 1, now, now, null, null, null, now);
    }
}
