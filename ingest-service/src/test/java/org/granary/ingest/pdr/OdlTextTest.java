package org.granary.ingest.pdr;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OdlTextTest {
    private static final Set<String> KEYWORDS = Set.of("ORIGINATING_SYSTEM", "TOTAL_FILE_COUNT", "OBJECT");

    @Test
    void skipsABinaryPrefixUpToTheFirstKeyword() throws OdlSyntaxException {
        byte[] bytes = concat(new byte[] {0x09, 0x00, (byte) 0xFF, 0x41, 0x3D, 0x7F}, "00000Z000001    1053ORIGINATING_SYSTEM = EDOS;");

        assertThat(OdlText.decode(bytes, KEYWORDS)).isEqualTo("ORIGINATING_SYSTEM = EDOS;");
    }

    @Test
    void keepsTextBeforeTheKeywordWhenThereIsNoBinaryByte() throws OdlSyntaxException {
        String text = "/* sent by the SIPS */\r\nDAN_SEQ_NO = 1;\r\nORIGINATING_SYSTEM = OMI;";

        assertThat(OdlText.decode(text.getBytes(StandardCharsets.US_ASCII), KEYWORDS)).isEqualTo(text);
    }

    @Test
    void needsTheKeywordToBeAStatementNotJustAWord() throws OdlSyntaxException {
        byte[] bytes = concat(new byte[] {0x00, 'O', 'B', 'J', 'E', 'C', 'T', 0x01}, "TOTAL_FILE_COUNT\t= 1;");

        assertThat(OdlText.decode(bytes, KEYWORDS)).isEqualTo("TOTAL_FILE_COUNT\t= 1;");
    }

    @Test
    void refusesBinaryBytesWithNoStatementAfterThem() {
        assertThatThrownBy(() -> OdlText.decode(concat(new byte[] {0x00, (byte) 0xFF}, "A = 1;"), KEYWORDS))
                .isInstanceOf(OdlSyntaxException.class).hasMessageStartingWith("byte 0 is binary and no statement of");
    }

    @Test
    void plainTextWithoutAnyKeywordIsLeftAlone() throws OdlSyntaxException {
        assertThat(OdlText.decode("A = 1;".getBytes(StandardCharsets.US_ASCII), KEYWORDS)).isEqualTo("A = 1;");
    }

    static byte[] concat(byte[] prefix, String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(prefix);
        bytes.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        return bytes.toByteArray();
    }
}
