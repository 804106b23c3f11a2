package org.granary.planner.pge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Optional;
import org.granary.planner.schema.tables.records.PgeInputRecord;
import org.granary.planner.schema.tables.records.PgeRecord;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import static org.granary.planner.Times.duration;
import static org.granary.planner.Times.instant;
import static org.granary.planner.Times.interval;
import static org.granary.planner.Times.offset;
import static org.granary.planner.schema.Tables.PGE;
import static org.granary.planner.schema.Tables.PGE_INPUT;
import static org.granary.planner.schema.Tables.PGE_OUTPUT;

/** Registered PGE versions with their production rules and outputs. */
@Repository
public class PgeRepository {
    private final DSLContext sql;
    /**
     * Definitions by name and version, read once: a registered version never changes (a new
     * definition is a new version), so every job of a campaign and every arriving granule need not
     * read its rules again. Which version is the newest is always asked of the database, since
     * another planner instance may have registered one.
     */
    private final Cache<Version, PgeDefinition> versions = Caffeine.newBuilder().maximumSize(10_000).build();

    private record Version(String name, String version) {
    }

    PgeRepository(DSLContext sql) {
        this.sql = sql;
    }

    /** Inserts a version; false when the version exists already (nothing changed). */
    boolean insert(PgeDefinition pge) {
        int inserted = sql.insertInto(PGE)
                .set(PGE.NAME, pge.name()).set(PGE.VERSION, pge.version()).set(PGE.COMMAND, pge.command().toArray(String[]::new))
                .set(PGE.TIME_UNIT, pge.timeUnit().wireName()).set(PGE.UNIT_LENGTH, interval(pge.unitLength()))
                .set(PGE.CORES, pge.cores()).set(PGE.MEMORY_MEGABYTES, pge.memoryMegabytes()).set(PGE.TIME_LIMIT, interval(pge.timeLimit()))
                .set(PGE.MAX_ATTEMPTS, pge.maxAttempts()).set(PGE.SCHEDULE, pge.schedule())
                .set(PGE.REGISTERED_AT, offset(pge.registeredAt())).set(PGE.REGISTERED_BY, pge.registeredBy())
                .onConflictDoNothing().execute();
        if (inserted == 0) {
            return false;
        }
        int position = 0;
        for (InputRule input : pge.inputs()) {
            sql.insertInto(PGE_INPUT)
                    .set(PGE_INPUT.PGE_NAME, pge.name()).set(PGE_INPUT.PGE_VERSION, pge.version()).set(PGE_INPUT.POSITION, position++)
                    .set(PGE_INPUT.ESDT, input.esdt()).set(PGE_INPUT.COLLECTION, input.collection())
                    .set(PGE_INPUT.SELECTION, input.selection().wireName())
                    .set(PGE_INPUT.WINDOW_BEFORE, interval(input.before())).set(PGE_INPUT.WINDOW_AFTER, interval(input.after()))
                    .set(PGE_INPUT.MANDATORY, input.mandatory()).set(PGE_INPUT.MINIMUM_COUNT, input.minimumCount())
                    .set(PGE_INPUT.WAIT, interval(input.waitFor())).execute();
        }
        for (String output : pge.outputs()) {
            sql.insertInto(PGE_OUTPUT).set(PGE_OUTPUT.PGE_NAME, pge.name()).set(PGE_OUTPUT.PGE_VERSION, pge.version())
                    .set(PGE_OUTPUT.ESDT, output).execute();
        }
        return true;
    }

    public Optional<PgeDefinition> find(String name, String version) {
        return Optional.ofNullable(versions.get(new Version(name, version), this::load));
    }

    /** The newest registered version of a PGE: the one routine work and new campaigns use. */
    public Optional<PgeDefinition> newest(String name) {
        return sql.select(PGE.VERSION).from(PGE).where(PGE.NAME.eq(name)).orderBy(PGE.REGISTERED_AT.desc(), PGE.VERSION.desc()).limit(1)
                .fetchOptional(PGE.VERSION).flatMap(version -> find(name, version));
    }

    /** Every version of a PGE, newest first. */
    List<PgeDefinition> versions(String name) {
        return sql.select(PGE.VERSION).from(PGE).where(PGE.NAME.eq(name)).orderBy(PGE.REGISTERED_AT.desc(), PGE.VERSION.desc())
                .fetch(PGE.VERSION).stream().flatMap(version -> find(name, version).stream()).toList();
    }

    /** The newest version of every PGE, by name. */
    public List<PgeDefinition> newestOfEach() {
        return sql.select(PGE.NAME, PGE.VERSION).distinctOn(PGE.NAME).from(PGE)
                .orderBy(PGE.NAME, PGE.REGISTERED_AT.desc(), PGE.VERSION.desc())
                .fetch().stream().flatMap(row -> find(row.value1(), row.value2()).stream()).toList();
    }

    /** The newest version of each PGE that has an input of this ESDT which makes jobs. */
    public List<PgeDefinition> newestReading(String esdt) {
        return newestOfEach().stream()
                .filter(pge -> pge.inputs().stream().anyMatch(input -> input.esdt().equals(esdt) && input.selection().makesJobs())).toList();
    }

    /** A version just inserted, read in the inserting transaction and not kept: that transaction may still roll back. */
    PgeDefinition readBack(String name, String version) {
        return java.util.Objects.requireNonNull(load(new Version(name, version)));
    }

    private PgeDefinition load(Version key) {
        return sql.selectFrom(PGE).where(PGE.NAME.eq(key.name()), PGE.VERSION.eq(key.version())).fetchOptional().map(this::definition)
                .orElse(null);
    }

    private PgeDefinition definition(PgeRecord row) {
        List<InputRule> inputs = sql.selectFrom(PGE_INPUT).where(PGE_INPUT.PGE_NAME.eq(row.getName()), PGE_INPUT.PGE_VERSION.eq(row.getVersion()))
                .orderBy(PGE_INPUT.POSITION).fetch(PgeRepository::rule);
        List<String> outputs = sql.select(PGE_OUTPUT.ESDT).from(PGE_OUTPUT)
                .where(PGE_OUTPUT.PGE_NAME.eq(row.getName()), PGE_OUTPUT.PGE_VERSION.eq(row.getVersion())).orderBy(PGE_OUTPUT.ESDT)
                .fetch(PGE_OUTPUT.ESDT);
        return new PgeDefinition(row.getName(), row.getVersion(), List.of(row.getCommand()), TimeUnit.fromWireName(row.getTimeUnit()),
                duration(row.getUnitLength()), inputs, outputs, row.getCores(), row.getMemoryMegabytes(), duration(row.getTimeLimit()),
                row.getMaxAttempts(), row.getSchedule(), instant(row.getRegisteredAt()), row.getRegisteredBy());
    }

    private static InputRule rule(PgeInputRecord row) {
        return new InputRule(row.getEsdt(), row.getCollection(), Selection.fromWireName(row.getSelection()), duration(row.getWindowBefore()),
                duration(row.getWindowAfter()), row.getMandatory(), row.getMinimumCount(), duration(row.getWait()));
    }
}
