package org.granary.patches.drift;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a DDL log row naming a patch was run by the patching tool applying that patch, or by
 * someone who set {@code granary.patch} by hand. Any session may set that setting, so the name
 * alone proves nothing; the ledger row written when the patch was applied does.
 *
 * <p>A row is borne out by an application of its patch when it ran in the same transaction (a
 * transactional patch writes its ledger row in its own transaction), or, for rows and ledgers
 * that do not say, or a non-transactional patch (a transaction per statement), when it ran while
 * the patch was being applied, as the ledger's role, and in the applier's session where both say.
 */
final class PatchClaims {
    /** Clocks agree (one server's), but the patcher measures the duration from a little before the patch's first statement. */
    static final Duration SLACK = Duration.ofSeconds(2);

    private PatchClaims() {
    }

    /** The event, with {@link DdlEvent#falseClaim()} set when the ledger belies the patch it names. */
    static DdlEvent judge(DdlEvent event, List<PatchApplication> ledger) {
        if (event.patch() == null) {
            return event;
        }
        return refutation(event, ledger.stream().filter(application -> application.patchName().equals(event.patch())).toList())
                .map(event::withFalseClaim).orElse(event);
    }

    private static Optional<String> refutation(DdlEvent event, List<PatchApplication> applications) {
        if (applications.isEmpty()) {
            return Optional.of("the ledger has no such patch (DDL run by hand, or a non-transactional patch that failed part-way)");
        }
        if (applications.stream().anyMatch(application -> bearsOut(application, event))) {
            return Optional.empty();
        }
        PatchApplication application = applications.getFirst();
        if (!duringApplication(application, event)) {
            return Optional.of("it ran at " + event.at() + ", and the patch was applied from " + application.startedAt()
                    + " to " + application.appliedAt());
        }
        if (!sameRole(application, event)) {
            return Optional.of("it ran as role " + event.effectiveRole() + ", and the patch was applied as role " + application.role());
        }
        return Optional.of("it ran in another session (server process " + event.backendPid() + ") than the patch's ("
                + application.backendPid() + ")");
    }

    private static boolean bearsOut(PatchApplication application, DdlEvent event) {
        if (application.transactionId() != null && application.transactionId().equals(event.transactionId())) {
            return true;
        }
        return duringApplication(application, event) && sameRole(application, event) && sameSession(application, event);
    }

    private static boolean duringApplication(PatchApplication application, DdlEvent event) {
        return !event.at().isBefore(application.startedAt().minus(SLACK)) && !event.at().isAfter(application.appliedAt().plus(SLACK));
    }

    /** The effective role, or the login role: a patch may SET ROLE for its own statements. */
    private static boolean sameRole(PatchApplication application, DdlEvent event) {
        return application.role() == null || application.role().equals(event.effectiveRole()) || application.role().equals(event.role());
    }

    private static boolean sameSession(PatchApplication application, DdlEvent event) {
        return application.backendPid() == null || event.backendPid() == null || Objects.equals(application.backendPid(), event.backendPid());
    }
}
