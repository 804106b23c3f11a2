package org.granary.patches.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.granary.patches.Ledger;
import org.granary.patches.LedgerEntry;
import org.granary.patches.Patch;

/**
 * {@code apply --stage NAME}: the stage a database is applied as, and the database of the stage
 * before it, whose ledger must already have each pending patch with the same checksum.
 *
 * @param database the stage's own database for the component, the default target when {@code --db} is not given
 * @param previousStage the stage before, or empty for the first, which takes any patch
 */
record Promotion(String stage, Optional<String> database, Optional<String> previousStage, Optional<String> previousDatabase) {
    /** Empty without {@code --stage}; a usage error when the stages file cannot say what promotion means. */
    static Optional<Promotion> of(Optional<String> stage, Optional<String> stagesFile, String component) {
        if (stage.isEmpty()) {
            return Optional.empty();
        }
        String file = stagesFile.orElseThrow(() -> CommandFailure.usage("--stage needs the stages file: --stages FILE or " + Stages.FILE_VARIABLE));
        Stages stages = Stages.load(Path.of(file));
        Optional<String> previous = stages.previous(stage.get());
        Optional<String> previousDatabase = previous.map(before -> stages.database(before, component).orElseThrow(() -> CommandFailure.usage(
                "the stages file " + file + " names no database for " + before + "." + component + ".db, which --stage " + stage.get() + " checks")));
        return Optional.of(new Promotion(stage.get(), stages.database(stage.get(), component), previous, previousDatabase));
    }

    /** Why each pending patch may not reach this stage yet; empty when all may. */
    List<String> unpromoted(String component, List<Patch> pending) throws SQLException {
        if (previousStage.isEmpty()) {
            return List.of();
        }
        String where = previousStage.get() + " (" + Database.redact(previousDatabase.orElseThrow()) + ")";
        Map<String, LedgerEntry> promoted;
        try (Connection connection = Database.connect(previousDatabase.get())) {
            promoted = Ledger.read(connection, component).stream().collect(Collectors.toMap(LedgerEntry::patchName, Function.identity()));
        }
        List<String> refusals = new ArrayList<>();
        for (Patch patch : pending) {
            LedgerEntry there = promoted.get(patch.name());
            if (there == null) {
                refusals.add(patch.name() + " has not been applied on " + where + ": apply it there first");
            } else if (!there.checksum().equals(patch.checksum())) {
                refusals.add(patch.name() + " was applied on " + where + " with checksum " + PatchStates.abbreviated(there.checksum())
                        + ", but the file's is " + PatchStates.abbreviated(patch.checksum()) + ": the file changed after it passed " + previousStage.get());
            }
        }
        return refusals;
    }
}
