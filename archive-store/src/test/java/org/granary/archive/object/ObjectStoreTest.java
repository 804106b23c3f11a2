package org.granary.archive.object;

import java.io.IOException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a failed write is classified: out of room (507) or another failure of the disk. */
class ObjectStoreTest {
    private static final long PLENTY = 10L << 30;

    @Test
    void aFullDiskOrQuotaIsOutOfRoomWhateverTheFreeSpaceSays() {
        assertThat(IncomingBody.outOfRoom(new IOException("No space left on device"), PLENTY)).isTrue();
        assertThat(IncomingBody.outOfRoom(new IOException("Disk quota exceeded"), PLENTY)).isTrue();
    }

    @Test
    void aMessageInAnotherLanguageIsOutOfRoomWhenTheVolumeHasNoRoomForAnotherBuffer() {
        IOException german = new IOException("Auf dem Gerät ist kein Speicherplatz mehr verfügbar");

        assertThat(IncomingBody.outOfRoom(german, 4096)).isTrue();
        assertThat(IncomingBody.outOfRoom(german, PLENTY)).isFalse();
    }

    @Test
    void anInputOutputErrorWithRoomLeftIsNotOutOfRoom() {
        assertThat(IncomingBody.outOfRoom(new IOException("Input/output error"), PLENTY)).isFalse();
        assertThat(IncomingBody.outOfRoom(new IOException(), PLENTY)).isFalse();
    }
}
