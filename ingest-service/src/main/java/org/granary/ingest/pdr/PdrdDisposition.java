package org.granary.ingest.pdr;

/**
 * Why a PDR was refused, in the words of the ECS-SIPS ICD (Volume 0, section 4.5). Some concern the
 * whole PDR and go into a short PDRD; the others concern one file group and go into a long PDRD,
 * which lists every group with its disposition. The strings are those Cumulus's validate-pdr, S4PA
 * and GIBS TIE write; "MISSING OR INVALID ORIGINATING_SYSTEM PARAMETER" is from the ICD's table.
 */
public enum PdrdDisposition {
    SUCCESSFUL("SUCCESSFUL", Scope.FILE_GROUP),
    INVALID_FILE_COUNT("INVALID FILE COUNT", Scope.PDR),
    INVALID_PVL_STATEMENT("INVALID PVL STATEMENT", Scope.PDR),
    MISSING_OR_INVALID_ORIGINATING_SYSTEM("MISSING OR INVALID ORIGINATING_SYSTEM PARAMETER", Scope.PDR),
    /** Our failure, not the provider's: the provider should send the PDR again later. */
    ECS_INTERNAL_ERROR("ECS INTERNAL ERROR", Scope.PDR),
    INVALID_DATA_TYPE("INVALID DATA TYPE", Scope.FILE_GROUP),
    INVALID_DIRECTORY("INVALID DIRECTORY", Scope.FILE_GROUP),
    INVALID_FILE_SIZE("INVALID FILE SIZE", Scope.FILE_GROUP),
    INVALID_FILE_ID("INVALID FILE ID", Scope.FILE_GROUP),
    INVALID_FILE_TYPE("INVALID FILE TYPE", Scope.FILE_GROUP),
    MISSING_FILE_CHECKSUM_TYPE("MISSING FILE_CKSUM_TYPE PARAMETER", Scope.FILE_GROUP),
    UNSUPPORTED_CHECKSUM_TYPE("UNSUPPORTED CHECKSUM TYPE", Scope.FILE_GROUP),
    MISSING_FILE_CHECKSUM_VALUE("MISSING FILE_CKSUM_VALUE PARAMETER", Scope.FILE_GROUP),
    INVALID_FILE_CHECKSUM_VALUE("INVALID FILE_CKSUM_VALUE", Scope.FILE_GROUP);

    enum Scope { PDR, FILE_GROUP }

    private final String text;
    private final Scope scope;

    PdrdDisposition(String text, Scope scope) {
        this.text = text;
        this.scope = scope;
    }

    /** The string the PDRD carries. */
    public String text() {
        return text;
    }

    /** True if the disposition is about one file group (long PDRD), false if about the whole PDR (short PDRD). */
    public boolean isPerFileGroup() {
        return scope == Scope.FILE_GROUP;
    }
}
