package org.granary.ingest.pdr;

import java.util.Locale;
import java.util.Optional;
import org.granary.ingest.esdt.FileNames;
import org.granary.ingest.esdt.UnsafeFileNameException;

import static org.granary.ingest.pdr.PdrValues.line;
import static org.granary.ingest.pdr.PdrValues.optional;
import static org.granary.ingest.pdr.PdrValues.required;

/** Turns an OBJECT = FILE_SPEC into a {@link FileSpec}, or the disposition that says what is wrong with it. */
final class FileSpecReader {
    private FileSpecReader() {
    }

    static FileSpec read(OdlObject spec) throws PdrFieldException {
        String directory = directory(spec);
        String fileId = fileId(spec);
        String fileType = required(spec, "FILE_TYPE", PdrdDisposition.INVALID_FILE_TYPE).toUpperCase(Locale.ROOT);
        if (!fileType.matches("[A-Z][A-Z0-9_]*")) {
            throw new PdrFieldException(PdrdDisposition.INVALID_FILE_TYPE,
                    "FILE_TYPE '" + fileType + "' on line " + line(spec, "FILE_TYPE") + " is not a word");
        }
        long size = PdrValues.number(spec, "FILE_SIZE", PdrdDisposition.INVALID_FILE_SIZE);
        Optional<String> checksumName = optional(spec, "FILE_CKSUM_TYPE");
        Optional<String> checksumValue = optional(spec, "FILE_CKSUM_VALUE");
        if (checksumName.isEmpty() && checksumValue.isEmpty()) {
            return new FileSpec(directory, fileId, fileType, size, null, null);
        }
        ChecksumType type = checksumType(spec, checksumName);
        String value = checksumValue.orElseThrow(() -> new PdrFieldException(PdrdDisposition.MISSING_FILE_CHECKSUM_VALUE,
                PdrValues.where(spec) + " gives FILE_CKSUM_TYPE but no FILE_CKSUM_VALUE"));
        if (!type.accepts(value)) {
            String shape = type == ChecksumType.CKSUM ? "a 32-bit decimal number" : "hex of the length " + type + " has";
            throw new PdrFieldException(PdrdDisposition.INVALID_FILE_CHECKSUM_VALUE,
                    "FILE_CKSUM_VALUE '" + value + "' on line " + line(spec, "FILE_CKSUM_VALUE") + " is not " + shape);
        }
        return new FileSpec(directory, fileId, fileType, size, type, value);
    }

    private static ChecksumType checksumType(OdlObject spec, Optional<String> name) throws PdrFieldException {
        if (name.isEmpty()) {
            throw new PdrFieldException(PdrdDisposition.MISSING_FILE_CHECKSUM_TYPE,
                    PdrValues.where(spec) + " gives FILE_CKSUM_VALUE but no FILE_CKSUM_TYPE");
        }
        return ChecksumType.named(name.get()).orElseThrow(() -> new PdrFieldException(PdrdDisposition.UNSUPPORTED_CHECKSUM_TYPE,
                "FILE_CKSUM_TYPE '" + name.get() + "' on line " + line(spec, "FILE_CKSUM_TYPE") + " is not MD5, SHA256 or CKSUM"));
    }

    /** The provider's directory: a path, but one that does not climb with '..' or hide control characters. */
    private static String directory(OdlObject spec) throws PdrFieldException {
        String directory = required(spec, "DIRECTORY_ID", PdrdDisposition.INVALID_DIRECTORY);
        boolean control = directory.chars().anyMatch(Character::isISOControl);
        boolean climbs = ("/" + directory + "/").replace('\\', '/').contains("/../");
        if (control || climbs) {
            throw new PdrFieldException(PdrdDisposition.INVALID_DIRECTORY, "DIRECTORY_ID on line " + line(spec, "DIRECTORY_ID")
                    + (control ? " contains a control character" : " climbs with '..'"));
        }
        return directory;
    }

    private static String fileId(OdlObject spec) throws PdrFieldException {
        String fileId = required(spec, "FILE_ID", PdrdDisposition.INVALID_FILE_ID);
        try {
            return FileNames.requireSafe(fileId);
        } catch (UnsafeFileNameException e) {
            throw new PdrFieldException(PdrdDisposition.INVALID_FILE_ID,
                    "FILE_ID on line " + line(spec, "FILE_ID") + ": " + e.getMessage());
        }
    }
}
