package org.granary.ingest.pdr;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A Product Delivery Record Discrepancy (PDRD): why a PDR was refused. A short PDRD carries one
 * disposition for the whole PDR; a long PDRD lists every file group with its own disposition
 * (SUCCESSFUL for those that were fine). The reason is for our logs and the operator: the PDRD
 * format has no place for it.
 *
 * @param disposition the short PDRD's disposition, or for a long PDRD that of the first failing group
 * @param fileGroups empty for a short PDRD
 */
public record PdrDiscrepancy(PdrdDisposition disposition, List<FileGroupDisposition> fileGroups, String reason) {
    public PdrDiscrepancy {
        requireNonNull(disposition, "disposition is null");
        requireNonNull(fileGroups, "fileGroups is null");
        requireNonNull(reason, "reason is null");
        fileGroups = List.copyOf(fileGroups);
        if (fileGroups.isEmpty() && disposition.isPerFileGroup()) {
            throw new IllegalArgumentException(disposition + " concerns one file group;"
                    + " a short PDRD needs a disposition for the whole PDR");
        }
        if (!fileGroups.isEmpty() && fileGroups.stream().allMatch(group -> group.disposition() == PdrdDisposition.SUCCESSFUL)) {
            throw new IllegalArgumentException("a long PDRD needs at least one failing file group");
        }
    }

    /** A short PDRD. */
    public static PdrDiscrepancy of(PdrdDisposition disposition, String reason) {
        return new PdrDiscrepancy(disposition, List.of(), reason);
    }

    /** A long PDRD; its summary disposition is the first failing group's. */
    public static PdrDiscrepancy perFileGroup(List<FileGroupDisposition> fileGroups, String reason) {
        PdrdDisposition first = fileGroups.stream().map(FileGroupDisposition::disposition)
                .filter(disposition -> disposition != PdrdDisposition.SUCCESSFUL).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a long PDRD needs at least one failing file group"));
        return new PdrDiscrepancy(first, fileGroups, reason);
    }

    public String messageType() {
        return fileGroups.isEmpty() ? "SHORTPDRD" : "LONGPDRD";
    }

    /** The PDRD text to leave for the provider. */
    public String render() {
        PvlWriter writer = new PvlWriter().statement("MESSAGE_TYPE", messageType());
        if (fileGroups.isEmpty()) {
            return writer.quotedStatement("DISPOSITION", disposition.text()).toString();
        }
        writer.statement("NO_FILE_GRPS", Integer.toString(fileGroups.size()));
        for (FileGroupDisposition group : fileGroups) {
            writer.statement("DATA_TYPE", group.dataType()).quotedStatement("DISPOSITION", group.disposition().text());
        }
        return writer.toString();
    }
}
