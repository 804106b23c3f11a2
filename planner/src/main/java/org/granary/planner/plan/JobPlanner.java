package org.granary.planner.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.granary.planner.catalogue.LearnedGranule;
import org.granary.planner.pge.InputRule;
import org.granary.planner.pge.PgeDefinition;
import org.granary.planner.pge.PgeRepository;
import org.granary.planner.pge.TimeUnit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes jobs and resolves their inputs: when a granule arrives (routine forward processing), when
 * a periodic plan fires, and for one unit a scientist asks for. Campaigns expand through
 * {@link PlanRepository#insertCampaignJobs}. Every method runs in the caller's transaction, or its own.
 */
@Service
public class JobPlanner {
    private final PgeRepository pges;
    private final PlanRepository plans;
    private final Units units;
    private final ReadyJobs readyJobs;

    JobPlanner(PgeRepository pges, PlanRepository plans, Units units, ReadyJobs readyJobs) {
        this.pges = pges;
        this.plans = plans;
        this.units = units;
        this.readyJobs = readyJobs;
    }

    /**
     * A granule arrived (or its times became known): makes the routine jobs of the units it
     * overlaps for every PGE reading its ESDT, and resolves those and the open jobs it may complete.
     */
    @Transactional
    public List<PlanRepository.Resolved> granuleArrived(LearnedGranule granule) {
        if (!granule.plannable()) {
            return List.of();
        }
        Set<Long> affected = new LinkedHashSet<>();
        List<String> reading = pgesReading(granule.esdt());
        reading.stream().sorted().forEach(plans::lockPlanning);
        for (PgeDefinition pge : pges.newestReading(granule.esdt())) {
            InputRule input = pge.inputs().stream().filter(rule -> rule.esdt().equals(granule.esdt())).findFirst().orElseThrow();
            List<Unit> touched = pge.timeUnit() == TimeUnit.ORBIT && granule.orbit() != null && input.selection() == org.granary.planner.pge.Selection.OVERLAP
                    ? List.of(units.orbit(granule.orbit()))
                    : units.overlapping(pge, granule.startTime().minus(input.after()), granule.endTime().plus(input.before()));
            affected.addAll(plans.ensureRoutineJobs(pge, touched, "ingest",
                    "planned when " + granule.fileName() + " arrived"));
        }
        for (String pgeName : reading) {
            affected.addAll(plans.openJobsTouching(pgeName, granule.esdt(), granule.startTime(), granule.endTime()));
        }
        return announce(plans.resolve(new ArrayList<>(affected)));
    }

    /** Makes (or finds) the routine job of the unit holding {@code time} and resolves it: a periodic plan, or a scientist's request. */
    @Transactional
    public List<Long> planUnit(PgeDefinition pge, Instant time, String requestedBy, String reason) {
        Unit unit = units.unitAt(pge, time);
        plans.lockPlanning(pge.name());
        List<Long> ids = plans.ensureRoutineJobs(pge, List.of(unit), requestedBy, reason);
        announce(plans.resolve(ids));
        return ids;
    }

    /** Resolves the waiting jobs whose deadline came or whose unit ended. */
    @Transactional
    public List<PlanRepository.Resolved> resolveDue() {
        return announce(plans.resolveDue());
    }

    /** Resolves these jobs again (a job they depend on succeeded, say). */
    @Transactional
    public List<PlanRepository.Resolved> resolve(List<Long> jobIds) {
        return announce(plans.resolve(jobIds));
    }

    private List<String> pgesReading(String esdt) {
        return pges.newestOfEach().stream().filter(pge -> pge.inputs().stream().anyMatch(input -> input.esdt().equals(esdt)))
                .map(PgeDefinition::name).toList();
    }

    private List<PlanRepository.Resolved> announce(List<PlanRepository.Resolved> resolved) {
        if (resolved.stream().anyMatch(job -> job.state().equals("ready"))) {
            readyJobs.afterCommit();
        }
        return resolved;
    }
}
