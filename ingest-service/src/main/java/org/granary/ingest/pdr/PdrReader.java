package org.granary.ingest.pdr;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Reads and checks a PDR. A PDR that is not ODL, lacks ORIGINATING_SYSTEM or whose TOTAL_FILE_COUNT
 * is not the number of FILE_SPECs earns a short PDRD; one whose file groups are wrong (unknown data
 * type, missing directory, bad checksum, ...) earns a long PDRD naming every group. Only a PDR with
 * no discrepancy is accepted: the ICD asks for the whole PDR to be refused, not part of it.
 */
public final class PdrReader {
    /** PDRs list files, not data: even EDOS's are a few kilobytes. */
    public static final int MAX_BYTES = 1 << 20;

    /** The statements a PDR may open with; the text starts at the first of them (see {@link OdlText}). */
    private static final Set<String> LEADING_KEYWORDS = Set.of("ORIGINATING_SYSTEM", "CONSUMER_SYSTEM", "DAN_SEQ_NO",
            "PRODUCT_NAME", "MISSION", "TOTAL_FILE_COUNT", "AGGREGATE_LENGTH", "EXPIRATION_TIME", "OBJECT");

    private final FileGroupReader fileGroups;

    /** @param knownDataTypes true for the DATA_TYPEs this archive accepts, such as {@code catalog::contains} */
    public PdrReader(Predicate<String> knownDataTypes) {
        this.fileGroups = new FileGroupReader(requireNonNull(knownDataTypes, "knownDataTypes is null"));
    }

    /** Reads at most {@link #MAX_BYTES} (and one more, to tell that it was too long); the caller closes the stream. */
    public PdrResult read(InputStream in) throws IOException {
        return read(in.readNBytes(MAX_BYTES + 1));
    }

    public PdrResult read(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return rejected(PdrdDisposition.INVALID_PVL_STATEMENT, "the PDR is larger than " + MAX_BYTES + " bytes");
        }
        OdlObject root;
        try {
            root = OdlParser.parse(bytes, LEADING_KEYWORDS);
        } catch (OdlSyntaxException e) {
            return rejected(PdrdDisposition.INVALID_PVL_STATEMENT, e.getMessage());
        }
        try {
            return check(root);
        } catch (PdrFieldException e) {
            return rejected(e.disposition(), e.getMessage());
        }
    }

    private PdrResult check(OdlObject root) throws PdrFieldException {
        String originatingSystem = PdrValues.required(root, "ORIGINATING_SYSTEM", PdrdDisposition.MISSING_OR_INVALID_ORIGINATING_SYSTEM);
        int totalFileCount = totalFileCount(root);
        requireOnlyFileGroups(root);
        List<FileGroup> groups = new ArrayList<>();
        List<FileGroupDisposition> dispositions = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (OdlObject group : root.objects("FILE_GROUP")) {
            String dataType = PdrValues.optional(group, "DATA_TYPE").orElse("");
            try {
                groups.add(fileGroups.read(group));
                dispositions.add(new FileGroupDisposition(dataType, PdrdDisposition.SUCCESSFUL));
            } catch (PdrFieldException e) {
                if (!e.disposition().isPerFileGroup()) {
                    throw e;
                }
                dispositions.add(new FileGroupDisposition(dataType, e.disposition()));
                reasons.add(e.getMessage());
            }
        }
        if (!reasons.isEmpty()) {
            return new PdrResult.Rejected(PdrDiscrepancy.perFileGroup(dispositions, String.join("; ", reasons)));
        }
        return new PdrResult.Accepted(new ProductDeliveryRecord(originatingSystem, totalFileCount, expirationTime(root), groups));
    }

    private static int totalFileCount(OdlObject root) throws PdrFieldException {
        long declared = PdrValues.number(root, "TOTAL_FILE_COUNT", PdrdDisposition.INVALID_FILE_COUNT);
        long listed = root.objects("FILE_GROUP").stream().mapToLong(group -> group.objects("FILE_SPEC").size()).sum();
        if (declared != listed || listed == 0) {
            throw new PdrFieldException(PdrdDisposition.INVALID_FILE_COUNT, "TOTAL_FILE_COUNT is " + declared
                    + " but the PDR lists " + listed + " FILE_SPECs");
        }
        return (int) declared;
    }

    private static void requireOnlyFileGroups(OdlObject root) throws PdrFieldException {
        for (OdlObject object : root.objects()) {
            if (!object.name().equals("FILE_GROUP")) {
                throw new PdrFieldException(PdrdDisposition.INVALID_PVL_STATEMENT, "OBJECT = " + object.name()
                        + " on line " + object.line() + " is not a FILE_GROUP");
            }
        }
    }

    /** Unreadable expiration times count as none: EDOS writes 999-99-99T99:99:99Z, and the time is advice to us only. */
    private static Instant expirationTime(OdlObject root) {
        try {
            return PdrValues.time(root, "EXPIRATION_TIME").orElse(null);
        } catch (PdrFieldException e) {
            return null;
        }
    }

    private static PdrResult rejected(PdrdDisposition disposition, String reason) {
        return new PdrResult.Rejected(PdrDiscrepancy.of(disposition, reason));
    }
}
