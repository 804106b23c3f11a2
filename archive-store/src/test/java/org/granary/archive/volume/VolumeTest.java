package org.granary.archive.volume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class VolumeTest {
    @TempDir
    Path root;

    @Test
    void listsTheObjectFilesInChecksumOrderLeavingOutWhatIsNotAnObjectInItsPlace() throws Exception {
        Volume volume = new Volume("v1", root);
        volume.prepare();
        String first = "00ff" + "1".repeat(60);
        String second = "00ff" + "2".repeat(60);
        String third = "ab01" + "0".repeat(60);
        String last = "f" + "e".repeat(63);
        for (String checksum : new String[] {last, second, third, first}) {
            place(volume.objectPath(checksum));
        }
        place(volume.objectPath(first).resolveSibling("notes.txt"));
        place(volume.objectPath(third).resolveSibling(second)); // in another object's folder

        try (Stream<String> checksums = volume.objectChecksums()) {
            assertThat(checksums).containsExactly(first, second, third, last);
        }
    }

    private static void place(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
    }
}
