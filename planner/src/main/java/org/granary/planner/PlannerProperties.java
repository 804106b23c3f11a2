package org.granary.planner;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the planner.
 *
 * @param ingestUrl ingest-service: events come from it, inputs are staged from it, outputs pushed to it
 * @param callbackUrl where ingest delivers events to this planner (its own URL, reachable from ingest), {@code /events/ingest}
 * @param home where jobs' work directories ({@code work/}) and logs ({@code logs/}) live
 * @param executor {@code local} (processes on this machine) or {@code slurm}
 * @param workers how many jobs this instance runs at once
 * @param lease how long a claimed job stays this instance's without a renewal; renewed every third of it
 * @param pollInterval how often an idle dispatcher looks for ready jobs made by other instances
 * @param sweepInterval how often deadlines, retry times and abandoned jobs are looked at (a Quartz job, on one instance at a time)
 * @param retryBackoff the wait before the second attempt of a failed run; doubled for each further attempt
 * @param maxRetryBackoff the longest wait between two attempts
 * @param keepWorkDirectories keep a job's work directory after it ended (logs are always kept)
 * @param orbitReference an orbit number and its start, {@code 1132@2004-10-01T00:03:00Z}: orbit numbers of orbit PGEs
 * @param orbitPeriod the orbital period (Aura: 98 min 53 s)
 * @param slurm the Slurm executor's settings
 */
@ConfigurationProperties("granary.planner")
public record PlannerProperties(
        @DefaultValue("http://127.0.0.1:8080") String ingestUrl,
        @DefaultValue("") String callbackUrl,
        Path home,
        @DefaultValue("local") String executor,
        @DefaultValue("2") int workers,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("30s") Duration retryBackoff,
        @DefaultValue("30m") Duration maxRetryBackoff,
        @DefaultValue("false") boolean keepWorkDirectories,
        @DefaultValue("1132@2004-10-01T00:03:00Z") String orbitReference,
        @DefaultValue("PT1H38M53S") Duration orbitPeriod,
        @DefaultValue Slurm slurm) {
    public PlannerProperties {
        requireNonNull(ingestUrl, "granary.planner.ingest-url is required");
        requireNonNull(home, "granary.planner.home is required");
        if (!List.of("local", "slurm").contains(executor)) {
            throw new IllegalArgumentException("granary.planner.executor is local or slurm, was '" + executor + "'");
        }
        if (workers < 1 || workers > 10_000) {
            throw new IllegalArgumentException("granary.planner.workers is 1 to 10000, was " + workers);
        }
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("granary.planner.lease is at least 3 s, was " + lease);
        }
        Instant.parse(orbitReferenceParts(orbitReference)[1]);
    }

    /**
     * Where the Slurm commands are and which cluster they talk to.
     *
     * @param commands the directory holding sbatch, scontrol, sacct and scancel; empty: {@code /usr/bin}
     * @param configuration the slurm.conf to use (SLURM_CONF); empty: Slurm's default
     * @param partition the partition jobs go to; empty: the cluster's default
     * @param commandTimeout how long one Slurm command may take before the controller counts as out of reach
     */
    public record Slurm(@DefaultValue("") String commands, @DefaultValue("") String configuration, @DefaultValue("") String partition,
            @DefaultValue("30s") Duration commandTimeout) {
    }

    public int orbitNumber() {
        return Integer.parseInt(orbitReferenceParts(orbitReference)[0]);
    }

    public Instant orbitStart() {
        return Instant.parse(orbitReferenceParts(orbitReference)[1]);
    }

    private static String[] orbitReferenceParts(String orbitReference) {
        String[] parts = orbitReference.split("@");
        if (parts.length != 2 || !parts[0].matches("\\d{1,9}")) {
            throw new IllegalArgumentException("granary.planner.orbit-reference is <orbit>@<start, ISO-8601 UTC>, was '" + orbitReference + "'");
        }
        return parts;
    }

    public Path workDirectory() {
        return home.resolve("work");
    }

    public Path logDirectory() {
        return home.resolve("logs");
    }
}
