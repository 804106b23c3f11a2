package org.granary.planner.campaign;

import java.time.Instant;
import java.util.List;
import org.granary.planner.pge.PgeDefinition;
import org.granary.planner.pge.PgeRepository;
import org.granary.planner.plan.PlanRepository;
import org.granary.planner.plan.ReadyJobs;
import org.granary.planner.plan.Units;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Campaigns: a PGE over a time range expanded into one job per unit and resolved in a few
 * statements (years of orbits at once), followed, paused, resumed and cancelled as a whole; and
 * the remaking of everything derived from one granule.
 */
@Service
public class CampaignService {
    /** A campaign covers at most this many units: larger ones are split by the scientist. */
    static final int MOST_JOBS = 1_000_000;

    private final CampaignRepository campaigns;
    private final PgeRepository pges;
    private final PlanRepository plans;
    private final Units units;
    private final RemakePlanner remakes;
    private final ReadyJobs readyJobs;

    CampaignService(CampaignRepository campaigns, PgeRepository pges, PlanRepository plans, Units units, RemakePlanner remakes,
            ReadyJobs readyJobs) {
        this.campaigns = campaigns;
        this.pges = pges;
        this.plans = plans;
        this.units = units;
        this.remakes = remakes;
        this.readyJobs = readyJobs;
    }

    /** What a scientist asks for: a PGE (its newest version unless one is named) over [from, to), or the remaking of a granule's products. */
    public record CampaignRequest(String pge, String version, Instant from, Instant to, Long remakeDerivedFrom, Integer priority,
            String description) {
    }

    @Transactional
    public CampaignView create(CampaignRequest request, String requestedBy) {
        int priority = request.priority() == null ? 0 : request.priority();
        String description = request.description() == null ? "" : request.description();
        if (description.length() > 2000 || description.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
            throw invalid("description is at most 2000 characters, without control characters");
        }
        if (request.remakeDerivedFrom() != null) {
            if (request.pge() != null || request.from() != null || request.to() != null) {
                throw invalid("a remaking campaign names only the granule (remakeDerivedFrom), not a PGE or a range");
            }
            long id = campaigns.insert(null, null, null, null, request.remakeDerivedFrom(), priority, description, requestedBy);
            remakes.plan(id, request.remakeDerivedFrom(), priority, requestedBy);
            return announce(id);
        }
        if (request.pge() == null || request.from() == null || request.to() == null) {
            throw invalid("a campaign names a pge, and a range from and to (ISO-8601 UTC), or a granule in remakeDerivedFrom");
        }
        if (!request.to().isAfter(request.from())) {
            throw invalid("a campaign's to is after its from");
        }
        PgeDefinition pge = (request.version() == null ? pges.newest(request.pge()) : pges.find(request.pge(), request.version()))
                .orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no PGE " + request.pge()
                        + (request.version() == null ? "" : " version " + request.version())));
        Units.Series series = units.series(pge, request.from(), request.to());
        if (series.count() == 0) {
            throw invalid("no " + pge.timeUnit().wireName() + " of " + pge.name() + " starts in [" + request.from() + ", " + request.to() + ")");
        }
        if (series.count() > MOST_JOBS) {
            throw invalid("the range holds " + series.count() + " units; a campaign has at most " + MOST_JOBS + " jobs: split it");
        }
        long id = campaigns.insert(pge.name(), pge.version(), request.from(), request.to(), null, priority, description, requestedBy);
        plans.insertCampaignJobs(id, pge, series, priority, requestedBy);
        plans.resolveCampaign(id);
        return announce(id);
    }

    public CampaignView view(long id) {
        Campaign campaign = campaigns.find(id).orElseThrow(() -> notFound(id));
        return new CampaignView(campaign, campaigns.progress(id));
    }

    public List<Campaign> page(long after, int limit) {
        return campaigns.page(after, limit);
    }

    /** Paused: its ready jobs are not started (those running finish). Pausing a paused campaign changes nothing. */
    @Transactional
    public CampaignView pause(long id) {
        return move(id, "paused", List.of("active", "paused"));
    }

    @Transactional
    public CampaignView resume(long id) {
        CampaignView view = move(id, "active", List.of("paused", "active"));
        readyJobs.afterCommit();
        return view;
    }

    /** Cancels every job not yet ended (running ones are stopped by their workers). Cancelling again changes nothing. */
    @Transactional
    public CampaignView cancel(long id, String who) {
        Campaign campaign = campaigns.lock(id).orElseThrow(() -> notFound(id));
        if (campaign.state().equals("finished")) {
            throw new GranaryException(ErrorCode.CONFLICT, "campaign " + id + " has finished: every job ended");
        }
        campaigns.setState(id, "cancelled");
        campaigns.cancelJobs(id, "campaign " + id + " cancelled by " + who);
        return view(id);
    }

    private CampaignView move(long id, String to, List<String> from) {
        Campaign campaign = campaigns.lock(id).orElseThrow(() -> notFound(id));
        if (!from.contains(campaign.state())) {
            throw new GranaryException(ErrorCode.CONFLICT, "campaign " + id + " is " + campaign.state() + "; it cannot become " + to);
        }
        campaigns.setState(id, to);
        return view(id);
    }

    private CampaignView announce(long id) {
        readyJobs.afterCommit();
        return view(id);
    }

    private static GranaryException invalid(String detail) {
        return new GranaryException(ErrorCode.INVALID_REQUEST, detail);
    }

    private static GranaryException notFound(long id) {
        return new GranaryException(ErrorCode.NOT_FOUND, "no campaign " + id);
    }
}
