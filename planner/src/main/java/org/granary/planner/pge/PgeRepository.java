package org.granary.planner.pge;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.granary.planner.schema.tables.records.PgeInputRecord;
import org.granary.planner.schema.tables.records.PgeRecord;
import org.jooq.DSLContext;
import org.jooq.Record2;
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
        return sql.selectFrom(PGE).where(PGE.NAME.eq(name), PGE.VERSION.eq(version)).fetchOptional().map(this::definition);
    }

    /** The newest registered version of a PGE: the one routine work and new campaigns use. */
    public Optional<PgeDefinition> newest(String name) {
        return sql.selectFrom(PGE).where(PGE.NAME.eq(name)).orderBy(PGE.REGISTERED_AT.desc(), PGE.VERSION.desc()).limit(1).fetchOptional()
                .map(this::definition);
    }

    /** Every version of a PGE, newest first. */
    List<PgeDefinition> versions(String name) {
        return sql.selectFrom(PGE).where(PGE.NAME.eq(name)).orderBy(PGE.REGISTERED_AT.desc(), PGE.VERSION.desc()).fetch(this::definition);
    }

    /** The newest version of every PGE. */
    public List<PgeDefinition> newestOfEach() {
        return sql.selectFrom(PGE).orderBy(PGE.NAME, PGE.REGISTERED_AT.desc(), PGE.VERSION.desc()).fetch(this::definition).stream()
                .collect(Collectors.toMap(PgeDefinition::name, pge -> pge, (newer, older) -> newer, java.util.LinkedHashMap::new)).values()
                .stream().toList();
    }

    /** The newest version of each PGE that has an input of this ESDT which makes jobs. */
    public List<PgeDefinition> newestReading(String esdt) {
        List<Record2<String, String>> readers = sql.selectDistinct(PGE_INPUT.PGE_NAME, PGE_INPUT.PGE_VERSION).from(PGE_INPUT)
                .where(PGE_INPUT.ESDT.eq(esdt)).fetch();
        Map<String, PgeDefinition> newest = readers.stream().map(Record2::value1).distinct()
                .flatMap(name -> newest(name).stream()).collect(Collectors.toMap(PgeDefinition::name, pge -> pge));
        return newest.values().stream()
                .filter(pge -> pge.inputs().stream().anyMatch(input -> input.esdt().equals(esdt) && input.selection().makesJobs()))
                .sorted(Comparator.comparing(PgeDefinition::name)).toList();
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
