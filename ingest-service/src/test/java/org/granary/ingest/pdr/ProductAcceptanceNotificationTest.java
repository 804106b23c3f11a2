package org.granary.ingest.pdr;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductAcceptanceNotificationTest {
    private static final Instant FIRST = Instant.parse("2004-10-05T12:00:00.750Z");
    private static final Instant LAST = Instant.parse("2004-10-05T12:03:09Z");

    @Test
    void isAShortPanWhenEveryFileSucceeded() {
        ProductAcceptanceNotification pan = new ProductAcceptanceNotification(List.of(
                new FileAcceptance("/data/omi", "a.he5", PanDisposition.SUCCESSFUL, FIRST),
                new FileAcceptance("/data/omi", "b.he5", PanDisposition.SUCCESSFUL, LAST)));

        assertThat(pan.allSuccessful()).isTrue();
        assertThat(pan.render()).isEqualTo("""
                MESSAGE_TYPE = SHORTPAN;
                DISPOSITION = "SUCCESSFUL";
                TIME_STAMP = 2004-10-05T12:03:09Z;
                """);
    }

    @Test
    void isALongPanListingEveryFileWhenOneFailed() {
        FileSpec spec = new FileSpec("/data/omi", "b.he5", "SCIENCE", 10, ChecksumType.MD5, "9e107d9d372bb6826bd81d3542a419d6");
        ProductAcceptanceNotification pan = new ProductAcceptanceNotification(List.of(
                new FileAcceptance("/data/omi", "a.he5", PanDisposition.SUCCESSFUL, FIRST),
                FileAcceptance.of(spec, PanDisposition.CHECKSUM_VERIFICATION_FAILURE, LAST),
                new FileAcceptance("/data/omi", "c.he5", PanDisposition.POST_TRANSFER_FILE_SIZE_CHECK_FAILURE, LAST),
                new FileAcceptance("/data/omi", "d.he5", PanDisposition.FILE_IO_ERROR, LAST),
                new FileAcceptance("/data/omi", "e.he5", PanDisposition.DATA_CONVERSION_FAILURE, LAST)));

        assertThat(pan.messageType()).isEqualTo("LONGPAN");
        assertThat(pan.render()).isEqualTo("""
                MESSAGE_TYPE = LONGPAN;
                NO_OF_FILES = 5;
                FILE_DIRECTORY = /data/omi;
                FILE_NAME = a.he5;
                DISPOSITION = "SUCCESSFUL";
                TIME_STAMP = 2004-10-05T12:00:00Z;
                FILE_DIRECTORY = /data/omi;
                FILE_NAME = b.he5;
                DISPOSITION = "CHECKSUM VERIFICATION FAILURE";
                TIME_STAMP = 2004-10-05T12:03:09Z;
                FILE_DIRECTORY = /data/omi;
                FILE_NAME = c.he5;
                DISPOSITION = "POST-TRANSFER FILE SIZE CHECK FAILURE";
                TIME_STAMP = 2004-10-05T12:03:09Z;
                FILE_DIRECTORY = /data/omi;
                FILE_NAME = d.he5;
                DISPOSITION = "FILE I/O ERROR";
                TIME_STAMP = 2004-10-05T12:03:09Z;
                FILE_DIRECTORY = /data/omi;
                FILE_NAME = e.he5;
                DISPOSITION = "DATA CONVERSION FAILURE";
                TIME_STAMP = 2004-10-05T12:03:09Z;
                """);
    }

    @Test
    void quotesADirectoryWithSpaces() {
        ProductAcceptanceNotification pan = new ProductAcceptanceNotification(List.of(
                new FileAcceptance("/data/omi L1B", "a.he5", PanDisposition.ECS_INTERNAL_ERROR, LAST)));

        assertThat(pan.render()).contains("FILE_DIRECTORY = \"/data/omi L1B\";\nFILE_NAME = a.he5;\nDISPOSITION = \"ECS INTERNAL ERROR\";");
    }

    @Test
    void answersForAtLeastOneFile() {
        assertThatThrownBy(() -> new ProductAcceptanceNotification(List.of())).hasMessage("a PAN answers for at least one file");
    }
}
