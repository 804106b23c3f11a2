package org.granary.planner.pge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.granary.planner.schedule.PeriodicPlans;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registering PGE versions: a version once registered never changes; the newest one is what routine work and new campaigns use. */
@Service
public class PgeService {
    private final PgeRepository pges;
    private final PeriodicPlans periodicPlans;

    PgeService(PgeRepository pges, PeriodicPlans periodicPlans) {
        this.pges = pges;
        this.periodicPlans = periodicPlans;
    }

    /** The version as registered, and whether this call registered it (false: the same was registered before). */
    public record Registration(PgeDefinition pge, boolean created) {
    }

    @Transactional
    public Registration register(PgeDefinition request, String registeredBy) {
        Path executable = Path.of(request.command().getFirst());
        if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "the PGE's executable " + executable
                    + " is not an executable file on the planner's machine");
        }
        PgeDefinition pge = request.registered(Instant.now(), registeredBy);
        if (pges.insert(pge)) {
            periodicPlans.schedule(pge);
            return new Registration(pges.readBack(pge.name(), pge.version()), true);
        }
        PgeDefinition existing = pges.find(pge.name(), pge.version()).orElseThrow();
        if (!existing.sameAs(pge)) {
            throw new GranaryException(ErrorCode.CONFLICT, pge.name() + " version " + pge.version()
                    + " is registered with other content; a registered version never changes: register a new version");
        }
        return new Registration(existing, false);
    }

    public PgeDefinition get(String name, String version) {
        return pges.find(name, version).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no PGE " + name + " version " + version));
    }

    public List<PgeDefinition> versions(String name) {
        List<PgeDefinition> versions = pges.versions(name);
        if (versions.isEmpty()) {
            throw new GranaryException(ErrorCode.NOT_FOUND, "no PGE " + name);
        }
        return versions;
    }

    public List<PgeDefinition> newestOfEach() {
        return pges.newestOfEach();
    }
}
