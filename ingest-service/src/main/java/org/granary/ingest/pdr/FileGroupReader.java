package org.granary.ingest.pdr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.granary.ingest.pdr.PdrValues.line;
import static org.granary.ingest.pdr.PdrValues.optional;

/** Turns an OBJECT = FILE_GROUP into a {@link FileGroup}, or the disposition that says what is wrong with it. */
final class FileGroupReader {
    private final Predicate<String> knownDataTypes;

    FileGroupReader(Predicate<String> knownDataTypes) {
        this.knownDataTypes = knownDataTypes;
    }

    FileGroup read(OdlObject group) throws PdrFieldException {
        String dataType = PdrValues.required(group, "DATA_TYPE", PdrdDisposition.INVALID_DATA_TYPE);
        if (!knownDataTypes.test(dataType)) {
            throw new PdrFieldException(PdrdDisposition.INVALID_DATA_TYPE, "DATA_TYPE " + dataType + " on line "
                    + line(group, "DATA_TYPE") + " is not a data type this archive accepts");
        }
        Integer dataVersion = dataVersion(group);
        Optional<Instant> beginning = PdrValues.time(group, "BEGINNING_DATE/TIME");
        Optional<Instant> ending = PdrValues.time(group, "ENDING_DATE/TIME");
        if (beginning.isPresent() && ending.isPresent() && ending.get().isBefore(beginning.get())) {
            throw new PdrFieldException(PdrdDisposition.INVALID_PVL_STATEMENT, "ENDING_DATE/TIME on line "
                    + line(group, "ENDING_DATE/TIME") + " is before BEGINNING_DATE/TIME");
        }
        List<FileSpec> specs = new ArrayList<>();
        for (OdlObject spec : group.objects("FILE_SPEC")) {
            specs.add(FileSpecReader.read(spec));
        }
        if (specs.isEmpty()) {
            throw new PdrFieldException(PdrdDisposition.INVALID_FILE_COUNT, PdrValues.where(group) + " has no FILE_SPEC");
        }
        return new FileGroup(dataType, dataVersion, optional(group, "NODE_NAME").orElse(null), beginning.orElse(null),
                ending.orElse(null), specs);
    }

    /** Providers write the collection as 3, 003 or 00 (EDOS); none at all is allowed. */
    private static Integer dataVersion(OdlObject group) throws PdrFieldException {
        Optional<String> version = optional(group, "DATA_VERSION");
        if (version.isPresent() && !version.get().matches("[0-9]{1,9}")) {
            throw new PdrFieldException(PdrdDisposition.INVALID_DATA_TYPE, "DATA_VERSION '" + version.get() + "' on line "
                    + line(group, "DATA_VERSION") + " is not a number");
        }
        return version.map(Integer::valueOf).orElse(null);
    }
}
