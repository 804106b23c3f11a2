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
 * The stage a database is applied as ({@code apply --stage NAME}, or the stage the stages file
 * names the database for), and the database of the stage before it, whose ledger must already
 * have each pending patch with the same checksum.
 *
 * @param database the stage's own database for the component, the default target when {@code --db} is not given
 * @param previousStage the stage before, or empty for the first, which takes any patch
 */
record Promotion(String stage, Optional<String> database, Optional<String> previousStage, Optional<String> previousDatabase) {
    /**
     * The promotion {@code apply} runs under. With {@code --stage}, that stage, whose database is
     * {@code --db}'s default; a database the stages file names for another stage is refused, since
     * applying it as an earlier stage would bypass its promotion rules. Without {@code --stage},
     * the stage the stages file names {@code --db}'s database for, if any: promotion is not opt-in.
     * Empty without {@code --stage} and for a database the file does not name (or without a file).
     *
     * @param jdbcUrl the target database for a given default: {@code --db}, else the default, else the environment's
     */
    static Optional<Promotion> of(Optional<String> stage, Optional<String> stagesFile, String component,
            Function<Optional<String>, String> jdbcUrl) {
        if (stage.isEmpty()) {
            String url = jdbcUrl.apply(Optional.empty());
            Optional<Stages> stages = stagesFile.map(file -> Stages.load(Path.of(file)));
            return stages.flatMap(named -> named.stageOf(url)).map(named -> of(named, stages.orElseThrow(), stagesFile.orElseThrow(), component));
        }
        String file = stagesFile.orElseThrow(() -> CommandFailure.usage("--stage needs the stages file: --stages FILE or " + Stages.FILE_VARIABLE));
        Stages stages = Stages.load(Path.of(file));
        Promotion promotion = of(stage.get(), stages, file, component);
        String url = jdbcUrl.apply(promotion.database());
        stages.stageOf(url).filter(named -> !named.equals(stage.get())).ifPresent(named -> {
            throw CommandFailure.inconsistent("refused, nothing was applied: the stages file names " + Database.redact(url)
                    + " as the " + named + " database, not " + stage.get() + "'s: apply it as " + named + " (or leave out --stage)");
        });
        return Optional.of(promotion);
    }

    private static Promotion of(String stage, Stages stages, String file, String component) {
        Optional<String> previous = stages.previous(stage);
        Optional<String> previousDatabase = previous.map(before -> stages.database(before, component).orElseThrow(() -> CommandFailure.usage(
                "the stages file " + file + " names no database for " + before + "." + component + ".db, which stage " + stage + " checks")));
        return new Promotion(stage, stages.database(stage, component), previous, previousDatabase);
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
