package org.granary.ingest.pdr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PdrReaderTest {
    private static final Set<String> OMI_TYPES = Set.of("OML0V", "OML1BRUG", "OMTO3", "OMTO3d");
    private static final PdrReader READER = new PdrReader(OMI_TYPES::contains);

    @Test
    void acceptsAValidPdrWithMd5Checksums() throws IOException {
        ProductDeliveryRecord record = accepted(read("sips-md5.PDR"));

        assertThat(record.originatingSystem()).isEqualTo("OMI_SIPS");
        assertThat(record.totalFileCount()).isEqualTo(3);
        assertThat(record.expirationTime()).isEqualTo(Instant.parse("2012-04-15T00:00:00Z"));
        assertThat(record.fileGroups()).extracting(FileGroup::dataType).containsExactly("OMTO3", "OMTO3d");
        FileGroup omto3 = record.fileGroups().getFirst();
        assertThat(omto3.dataVersion()).isEqualTo(3);
        assertThat(omto3.nodeName()).isEqualTo("omisips.example");
        assertThat(omto3.beginning()).isEqualTo(Instant.parse("2004-10-01T00:03:00Z"));
        assertThat(omto3.ending()).isEqualTo(Instant.parse("2004-10-01T01:41:00Z"));
        assertThat(omto3.fileSpecs().getFirst()).isEqualTo(new FileSpec("/data/omi/OMTO3/2004/275",
                "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5", "SCIENCE", 35651584, ChecksumType.MD5,
                "9e107d9d372bb6826bd81d3542a419d6"));
        // Upper-case hex is written in lower case, so that it compares with what we compute.
        assertThat(omto3.fileSpecs().get(1).checksumValue()).isEqualTo("e4d909c290d0fb1ca068ffaddf22cbd0");
        assertThat(record.fileSpecs()).hasSize(3);
    }

    @Test
    void refusesAWrongTotalFileCountWithAShortPdrd() throws IOException {
        PdrDiscrepancy discrepancy = rejected(read("wrong-file-count.PDR"));

        assertThat(discrepancy.disposition()).isEqualTo(PdrdDisposition.INVALID_FILE_COUNT);
        assertThat(discrepancy.reason()).isEqualTo("TOTAL_FILE_COUNT is 4 but the PDR lists 3 FILE_SPECs");
        assertThat(discrepancy.render()).isEqualTo("""
                MESSAGE_TYPE = SHORTPDRD;
                DISPOSITION = "INVALID FILE COUNT";
                """);
    }

    @Test
    void readsAnEdosPdrWithItsBinaryHeaderCrLineEndsAndNulPadding() throws IOException {
        ProductDeliveryRecord record = accepted(read("edos-ground-message-header.PDR"));

        assertThat(record.originatingSystem()).isEqualTo("EDOS");
        assertThat(record.totalFileCount()).isEqualTo(2);
        assertThat(record.expirationTime()).as("EDOS's 999-99-99T99:99:99Z is no time").isNull();
        FileGroup group = record.fileGroups().getFirst();
        assertThat(group.dataType()).isEqualTo("OML0V");
        assertThat(group.dataVersion()).isZero();
        assertThat(group.beginning()).isEqualTo(Instant.parse("2004-10-01T00:03:00Z"));
        assertThat(group.ending()).isEqualTo(Instant.parse("2004-10-01T02:03:00Z"));
        assertThat(group.fileSpecs()).extracting(FileSpec::fileId, FileSpec::fileType, FileSpec::checksumType).containsExactly(
                tuple("P2041840AAAAAAAAAAAAAA04275021530000.PDS", "METADATA", null),
                tuple("P2041840AAAAAAAAAAAAAA04275021530001.PDS", "DATA", null));
    }

    @Test
    void skipsAnyBinaryHeaderOfArbitraryBytes() {
        byte[] header = {0x09, 0x00, (byte) 0xFF, 0x01, 0x06, 0x00, 0x1F, 0x4A, 0x7B, (byte) 0xB7, 0x27, (byte) 0x80,
                0x00, 0x00, (byte) 0xCC, (byte) 0xF4, (byte) 0x82, 0x05, 0x00, 0x04, 0x5D, (byte) 0xFF, 0x3D, 0x00};
        String text = "ORIGINATING_SYSTEM = EDOS;\rTOTAL_FILE_COUNT = 1;\rOBJECT = FILE_GROUP;\r DATA_TYPE = OML0V;\r"
                + " OBJECT = FILE_SPEC;\r  DIRECTORY_ID = /edos;\r  FILE_ID = P2041840AAAAAAAAAAAAAA04275021530001.PDS;\r"
                + "  FILE_TYPE = DATA;\r  FILE_SIZE = 10;\r END_OBJECT = FILE_SPEC;\rEND_OBJECT = FILE_GROUP;\r";

        ProductDeliveryRecord record = accepted(READER.read(OdlTextTest.concat(header, text)));

        assertThat(record.fileSpecs()).extracting(FileSpec::directory).containsExactly("/edos");
    }

    @Test
    void readsCrLfCommentsQuotesAndLowerCaseNames() throws IOException {
        ProductDeliveryRecord record = accepted(read("sips-crlf-comments.PDR"));

        assertThat(record.originatingSystem()).isEqualTo("OMI_SIPS");
        assertThat(record.expirationTime()).isEqualTo(Instant.parse("2012-04-15T00:00:00Z"));
        assertThat(record.fileGroups().getFirst().nodeName()).isEqualTo("omisips.example");
        assertThat(record.fileSpecs().getFirst()).isEqualTo(new FileSpec("/data/omi/L1B; reprocessed",
                "OMI-Aura_L1-OML1BRUG_2004m1001t0003-o01132_v003-2011m0120t180527-p1.he4", "SCIENCE", 123456,
                ChecksumType.CKSUM, "3015617425"));
    }

    @Test
    void refusesSyntaxErrorsAsAnInvalidPvlStatement() {
        PdrDiscrepancy discrepancy = rejected(READER.read(bytes("ORIGINATING_SYSTEM = EDOS;\nTOTAL_FILE_COUNT = 1\nOBJECT = FILE_GROUP;")));

        assertThat(discrepancy.disposition()).isEqualTo(PdrdDisposition.INVALID_PVL_STATEMENT);
        assertThat(discrepancy.reason()).isEqualTo("line 2: TOTAL_FILE_COUNT is not ended by ';' before the next statement");
        assertThat(discrepancy.render()).isEqualTo("MESSAGE_TYPE = SHORTPDRD;\nDISPOSITION = \"INVALID PVL STATEMENT\";\n");
    }

    @Test
    void refusesAPdrOfOnlyBinaryBytes() {
        assertThat(rejected(READER.read(new byte[] {0x00, (byte) 0xFF, 0x10})).disposition()).isEqualTo(PdrdDisposition.INVALID_PVL_STATEMENT);
    }

    @Test
    void refusesAPdrWithoutOriginatingSystem() {
        PdrDiscrepancy discrepancy = rejected(READER.read(bytes(pdr("", "1", spec("OMTO3", "FILE_SIZE = 1;")))));

        assertThat(discrepancy.disposition()).isEqualTo(PdrdDisposition.MISSING_OR_INVALID_ORIGINATING_SYSTEM);
        assertThat(discrepancy.reason()).isEqualTo("the PDR has no ORIGINATING_SYSTEM");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0|TOTAL_FILE_COUNT is 0 but the PDR lists 1 FILE_SPECs",
            "two|TOTAL_FILE_COUNT 'two' on line 2 is not a whole number",
            "-1|TOTAL_FILE_COUNT '-1' on line 2 is not a whole number"})
    void refusesATotalFileCountThatIsNotTheNumberOfFiles(String count, String reason) {
        PdrDiscrepancy discrepancy = rejected(READER.read(bytes(pdr("ORIGINATING_SYSTEM = S;", count, spec("OMTO3", "FILE_SIZE = 1;")))));

        assertThat(discrepancy.disposition()).isEqualTo(PdrdDisposition.INVALID_FILE_COUNT);
        assertThat(discrepancy.reason()).isEqualTo(reason);
    }

    @Test
    void refusesAnUnknownDataTypeWithALongPdrdNamingEveryGroup() {
        String text = pdr("ORIGINATING_SYSTEM = S;", "2", spec("OMTO3", "FILE_SIZE = 1;") + spec("MOD021KM", "FILE_SIZE = 1;"));

        PdrDiscrepancy discrepancy = rejected(READER.read(bytes(text)));

        assertThat(discrepancy.disposition()).isEqualTo(PdrdDisposition.INVALID_DATA_TYPE);
        assertThat(discrepancy.reason()).isEqualTo("DATA_TYPE MOD021KM on line 13 is not a data type this archive accepts");
        assertThat(discrepancy.render()).isEqualTo("""
                MESSAGE_TYPE = LONGPDRD;
                NO_FILE_GRPS = 2;
                DATA_TYPE = OMTO3;
                DISPOSITION = "SUCCESSFUL";
                DATA_TYPE = MOD021KM;
                DISPOSITION = "INVALID DATA TYPE";
                """);
    }

    @Test
    void acceptsAnyDataTypeWhenToldTo() {
        PdrReader anyType = new PdrReader(dataType -> true);

        assertThat(anyType.read(bytes(pdr("ORIGINATING_SYSTEM = S;", "1", spec("MOD021KM", "FILE_SIZE = 1;")))))
                .isInstanceOf(PdrResult.Accepted.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FILE_SIZE = 1; FILE_CKSUM_TYPE = MD5; FILE_CKSUM_VALUE = 9e107d9d372bb6826bd81d3542a419d;|INVALID_FILE_CHECKSUM_VALUE|is not hex of the length MD5 has",
            "FILE_SIZE = 1; FILE_CKSUM_TYPE = MD5; FILE_CKSUM_VALUE = 9e107d9d372bb6826bd81d3542a419dg;|INVALID_FILE_CHECKSUM_VALUE|is not hex",
            "FILE_SIZE = 1; FILE_CKSUM_TYPE = SHA256; FILE_CKSUM_VALUE = 9e107d9d372bb6826bd81d3542a419d6;|INVALID_FILE_CHECKSUM_VALUE|is not hex of the length SHA256 has",
            "FILE_SIZE = 1; FILE_CKSUM_TYPE = CKSUM; FILE_CKSUM_VALUE = 9e107d9d;|INVALID_FILE_CHECKSUM_VALUE|is not a 32-bit decimal number",
            "FILE_SIZE = 1; FILE_CKSUM_TYPE = CKSUM; FILE_CKSUM_VALUE = 4294967296;|INVALID_FILE_CHECKSUM_VALUE|is not a 32-bit decimal number",
            "FILE_SIZE = 1; FILE_CKSUM_TYPE = CRC32; FILE_CKSUM_VALUE = 1;|UNSUPPORTED_CHECKSUM_TYPE|FILE_CKSUM_TYPE 'CRC32' on line 10 is not MD5, SHA256 or CKSUM",
            "FILE_SIZE = 1; FILE_CKSUM_TYPE = MD5;|MISSING_FILE_CHECKSUM_VALUE|gives FILE_CKSUM_TYPE but no FILE_CKSUM_VALUE",
            "FILE_SIZE = 1; FILE_CKSUM_VALUE = 1;|MISSING_FILE_CHECKSUM_TYPE|gives FILE_CKSUM_VALUE but no FILE_CKSUM_TYPE",
            "FILE_SIZE = big;|INVALID_FILE_SIZE|FILE_SIZE 'big' on line 9 is not a whole number",
            "FILE_SIZE = -5;|INVALID_FILE_SIZE|is not a whole number",
            "FILE_CKSUM_TYPE = MD5;|INVALID_FILE_SIZE|FILE_SPEC of line 5 has no FILE_SIZE"})
    void refusesBadFileSizesAndChecksums(String statements, PdrdDisposition disposition, String reason) {
        PdrDiscrepancy discrepancy = rejected(READER.read(bytes(pdr("ORIGINATING_SYSTEM = S;", "1", spec("OMTO3", statements.replace("; ", ";\n"))))));

        assertThat(discrepancy.disposition()).isEqualTo(disposition);
        assertThat(discrepancy.reason()).contains(reason);
        assertThat(discrepancy.fileGroups()).containsExactly(new FileGroupDisposition("OMTO3", disposition));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DIRECTORY_ID = /data/../../etc;|INVALID_DIRECTORY|climbs with '..'",
            "DIRECTORY_ID = ;|INVALID_DIRECTORY|has no DIRECTORY_ID",
            "FILE_ID = ../passwd;|INVALID_FILE_ID|contains a path separator",
            "FILE_ID = \"\";|INVALID_FILE_ID|has no FILE_ID",
            "FILE_TYPE = ;|INVALID_FILE_TYPE|has no FILE_TYPE",
            "FILE_TYPE = \"TWO WORDS\";|INVALID_FILE_TYPE|is not a word"})
    void refusesMissingOrUnsafeFileFields(String replacement, PdrdDisposition disposition, String reason) {
        String name = replacement.substring(0, replacement.indexOf(' '));
        String text = pdr("ORIGINATING_SYSTEM = S;", "1", spec("OMTO3", "FILE_SIZE = 1;")).replaceFirst(name + " = [^;]*;", replacement);

        PdrDiscrepancy discrepancy = rejected(READER.read(bytes(text)));

        assertThat(discrepancy.disposition()).isEqualTo(disposition);
        assertThat(discrepancy.reason()).contains(reason);
    }

    @Test
    void refusesAGroupWithoutDataTypeNamingItByAnEmptyString() {
        String text = pdr("ORIGINATING_SYSTEM = S;", "1", spec("OMTO3", "FILE_SIZE = 1;")).replace("DATA_TYPE = OMTO3;", "");

        PdrDiscrepancy discrepancy = rejected(READER.read(bytes(text)));

        assertThat(discrepancy.render()).contains("DATA_TYPE = \"\";\nDISPOSITION = \"INVALID DATA TYPE\";");
    }

    @Test
    void refusesUnreadableGroupTimesAsAnInvalidPvlStatement() {
        String text = pdr("ORIGINATING_SYSTEM = S;", "1", spec("OMTO3", "FILE_SIZE = 1;"))
                .replace("DATA_TYPE = OMTO3;", "DATA_TYPE = OMTO3;\nBEGINNING_DATE/TIME = 2004-13-01T00:00:00Z;");

        PdrDiscrepancy discrepancy = rejected(READER.read(bytes(text)));

        assertThat(discrepancy.fileGroups()).isEmpty();
        assertThat(discrepancy.disposition()).isEqualTo(PdrdDisposition.INVALID_PVL_STATEMENT);
        assertThat(discrepancy.reason()).startsWith("BEGINNING_DATE/TIME '2004-13-01T00:00:00Z' on line 5 is not a time");
    }

    @Test
    void refusesGroupTimesBeyondTheYearsTheCatalogueStores() {
        String text = pdr("ORIGINATING_SYSTEM = S;", "1", spec("OMTO3", "FILE_SIZE = 1;"))
                .replace("DATA_TYPE = OMTO3;", "DATA_TYPE = OMTO3;\nENDING_DATE/TIME = +300000-01-01T00:00:00Z;");

        PdrDiscrepancy discrepancy = rejected(READER.read(bytes(text)));

        assertThat(discrepancy.disposition()).isEqualTo(PdrdDisposition.INVALID_PVL_STATEMENT);
        assertThat(discrepancy.reason()).isEqualTo("ENDING_DATE/TIME '+300000-01-01T00:00:00Z' on line 5 is outside the years 1 to 9999");
    }

    @Test
    void refusesAnObjectThatIsNotAFileGroup() {
        String text = pdr("ORIGINATING_SYSTEM = S;", "1", spec("OMTO3", "FILE_SIZE = 1;")) + "OBJECT = SURPRISE;\nEND_OBJECT = SURPRISE;\n";

        assertThat(rejected(READER.read(bytes(text))).reason()).isEqualTo("OBJECT = SURPRISE on line 12 is not a FILE_GROUP");
    }

    @Test
    void refusesAPdrLargerThanOneMebibyteWithoutReadingAllOfIt() throws IOException {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return ' ';
            }
        };

        PdrDiscrepancy discrepancy = rejected(READER.read(endless));

        assertThat(discrepancy.reason()).isEqualTo("the PDR is larger than 1048576 bytes");
    }

    private static String pdr(String originatingSystem, String totalFileCount, String fileGroups) {
        return originatingSystem + "\nTOTAL_FILE_COUNT = " + totalFileCount + ";\n" + fileGroups;
    }

    /** A file group of one file: six lines before the given statements (which start on line 9 of a PDR), two after. */
    private static String spec(String dataType, String statements) {
        return "OBJECT = FILE_GROUP;\nDATA_TYPE = " + dataType + ";\nOBJECT = FILE_SPEC;\nDIRECTORY_ID = /data;\n"
                + "FILE_ID = OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5;\nFILE_TYPE = SCIENCE;\n"
                + statements + "\nEND_OBJECT = FILE_SPEC;\nEND_OBJECT = FILE_GROUP;\n";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static PdrResult read(String resource) throws IOException {
        try (InputStream stream = PdrReaderTest.class.getResourceAsStream("/pdr/" + resource)) {
            assertThat(stream).as(resource).isNotNull();
            return READER.read(stream);
        }
    }

    private static ProductDeliveryRecord accepted(PdrResult result) {
        assertThat(result).isInstanceOf(PdrResult.Accepted.class);
        return ((PdrResult.Accepted) result).record();
    }

    private static PdrDiscrepancy rejected(PdrResult result) {
        assertThat(result).isInstanceOf(PdrResult.Rejected.class);
        return ((PdrResult.Rejected) result).discrepancy();
    }
}
