package org.granary.ingest.pdr;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Finds where the ODL text of a PDR begins and decodes it. EDOS puts a binary prefix before the
 * first statement: a 24-byte ground message header, then two 20-byte labels (exchange data unit
 * and delivery record), the last one running straight into {@code ORIGINATING_SYSTEM}.
 *
 * <p>The rule: the text starts at the first of the given keywords that is followed by {@code =}.
 * If every byte before it can appear in ODL text (printable ASCII and white space), nothing is
 * skipped, so a comment or statement before the keyword is still read. If any byte before it cannot
 * (another control byte, NUL, or a byte of 0x80 or more), everything before the keyword is taken for
 * the binary prefix and skipped, whatever its length.
 */
final class OdlText {
    private OdlText() {
    }

    static String decode(byte[] bytes, Set<String> leadingKeywords) throws OdlSyntaxException {
        int start = start(bytes, leadingKeywords);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new OdlSyntaxException("the text after byte " + start + " is neither ASCII nor UTF-8");
        }
    }

    static int start(byte[] bytes, Set<String> leadingKeywords) throws OdlSyntaxException {
        int keyword = firstKeyword(bytes, leadingKeywords);
        int end = keyword < 0 ? bytes.length : keyword;
        for (int i = 0; i < end; i++) {
            if (!isText(bytes[i])) {
                if (keyword < 0) {
                    throw new OdlSyntaxException("byte " + i + " is binary and no statement of " + leadingKeywords + " follows");
                }
                return keyword;
            }
        }
        return 0;
    }

    private static boolean isText(byte value) {
        return (value >= 0x20 && value < 0x7F) || value == '\t' || value == '\n' || value == '\r' || value == '\f' || value == 0x0B;
    }

    private static int firstKeyword(byte[] bytes, Set<String> keywords) {
        int first = -1;
        for (String keyword : keywords) {
            int at = indexOfStatement(bytes, keyword.getBytes(StandardCharsets.US_ASCII));
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** The first place where the keyword is followed by blanks and '='. */
    private static int indexOfStatement(byte[] bytes, byte[] keyword) {
        for (int i = 0; i + keyword.length < bytes.length; i++) {
            if (startsWith(bytes, i, keyword)) {
                int after = i + keyword.length;
                while (after < bytes.length && (bytes[after] == ' ' || bytes[after] == '\t')) {
                    after++;
                }
                if (after < bytes.length && bytes[after] == '=') {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
