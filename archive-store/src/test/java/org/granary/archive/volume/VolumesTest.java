package org.granary.archive.volume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.granary.archive.ArchiveProperties;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reservations of room for writes in progress, on a real folder whose minimum free is set so that
 * the writes may use 100 MiB of it.
 */
class VolumesTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path root;
    private Volumes volumes;
    private Volume volume;

    @BeforeEach
    void aVolumeWithAHundredMibToUse() throws Exception {
        long minimumFree = Files.getFileStore(root).getUsableSpace() - 100 * MIB;
        ArchiveProperties properties = new ArchiveProperties("archive-1", "http://127.0.0.1:8090",
                List.of(new ArchiveProperties.VolumeConfig("v1", root)), minimumFree, Duration.ZERO,
                new ArchiveProperties.Cluster(List.of(), List.of(), 1, null, Duration.ofSeconds(2)),
                new ArchiveProperties.Scrub(false, 1, Duration.ofSeconds(10), Duration.ofMinutes(1)), new ArchiveProperties.Rebalance(1));
        volumes = new Volumes(properties, new NoSavedStates());
        volume = volumes.named("v1");
    }

    @Test
    void aDeclaredLengthIsReservedAtOnceSoThatTwoWritesCannotTogetherTakeWhatEachAloneMay() {
        try (Volumes.Reservation first = volumes.reserveForWrite(60 * MIB)) {
            assertThat(first.volume()).isEqualTo(volume);
            assertThat(volumes.reservedBytes(volume)).isEqualTo(60 * MIB);
            assertStorageFull(() -> volumes.reserveForWrite(60 * MIB).close());
        }
        assertThat(volumes.reservedBytes(volume)).isZero();
        volumes.reserveForWrite(60 * MIB).close();
    }

    @Test
    void aWriteOfUnknownLengthReservesAsItGoesAndStopsAtTheMinimumFree() {
        try (Volumes.Reservation growing = volumes.reserveForWrite(-1)) {
            growing.beforeWriting(60 * MIB);
            assertThat(volumes.reservedBytes(volume)).isEqualTo(60 * MIB);
            try (Volumes.Reservation other = volumes.reserveForWrite(-1)) {
                other.beforeWriting(30 * MIB);
                assertStorageFull(() -> other.beforeWriting(60 * MIB));
            }
        }
        assertThat(volumes.reservedBytes(volume)).isZero();
    }

    @Test
    void whatIsWrittenIsNoLongerReservedForTheDiskCountsItNow() {
        try (Volumes.Reservation declared = volumes.reserveForWrite(10 * MIB)) {
            declared.beforeWriting(4 * MIB);
            declared.written();
            assertThat(volumes.reservedBytes(volume)).isEqualTo(6 * MIB);
        }
        assertThat(volumes.reservedBytes(volume)).isZero();
    }

    private static void assertStorageFull(org.assertj.core.api.ThrowableAssert.ThrowingCallable write) {
        assertThatThrownBy(write).isInstanceOfSatisfying(GranaryException.class,
                refused -> assertThat(refused.errorCode()).isEqualTo(ErrorCode.STORAGE_FULL));
    }

    /** The operator's saved states, none: every volume is active. */
    private static final class NoSavedStates extends VolumeStates {
        NoSavedStates() {
            super(null);
        }

        @Override
        Map<String, VolumeState> all() {
            return Map.of();
        }
    }
}
