package org.granary.ingest.pdr;

/**
 * The outcome of one file, as a PAN reports it, in the words of the ECS-SIPS ICD (Volume 0,
 * section 4.5) as S4PA, Cumulus and GIBS TIE write them. The ICD has no "incorrect file size":
 * a size that differs from the PDR's is a post-transfer size check failure.
 */
public enum PanDisposition {
    SUCCESSFUL("SUCCESSFUL"),
    /** The file's checksum is not the one the PDR gives: permanent, the provider must send it again. */
    CHECKSUM_VERIFICATION_FAILURE("CHECKSUM VERIFICATION FAILURE"),
    /** The file's size is not the one the PDR gives. */
    POST_TRANSFER_FILE_SIZE_CHECK_FAILURE("POST-TRANSFER FILE SIZE CHECK FAILURE"),
    ALL_FILE_GROUPS_OR_FILES_NOT_FOUND("ALL FILE GROUPS/FILES NOT FOUND"),
    UNABLE_TO_ESTABLISH_CONNECTION("UNABLE TO ESTABLISH FTP/KFTP CONNECTION"),
    TRANSFER_FAILURE("FTP/KFTP FAILURE"),
    FILE_IO_ERROR("FILE I/O ERROR"),
    INCORRECT_NUMBER_OF_SCIENCE_FILES("INCORRECT NUMBER OF SCIENCE FILES"),
    INCORRECT_NUMBER_OF_METADATA_FILES("INCORRECT NUMBER OF METADATA FILES"),
    INCORRECT_NUMBER_OF_FILES("INCORRECT NUMBER OF FILES"),
    /** The file could not be read as its data type says, for instance its metadata. */
    DATA_CONVERSION_FAILURE("DATA CONVERSION FAILURE"),
    /** Our failure, not the provider's. */
    ECS_INTERNAL_ERROR("ECS INTERNAL ERROR");

    private final String text;

    PanDisposition(String text) {
        this.text = text;
    }

    /** The string the PAN carries. */
    public String text() {
        return text;
    }
}
