package org.granary.ops.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.granary.ingest.client.Granule;
import org.granary.ingest.client.IngestClient;
import org.granary.planner.client.Job;
import org.granary.planner.client.JobDetail;
import org.granary.planner.client.Lineage;
import org.granary.planner.client.PgeDefinition;
import org.granary.planner.client.PlannerClient;

/**
 * Follows the planner while it makes the demo day's products from its level 0 data, the demo
 * PGEs' jobs planned by the granules' arrival alone, and prints the chain of one orbit from level
 * 0 to the daily grid as the catalogue records it: each granule's producing job (ingest), that
 * job's inputs ({@code GET /jobs/{id}}) and the daily grid's lineage ({@code GET /lineage/{granule}/inputs}).
 */
public final class DemoChain {
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration PROGRESS = Duration.ofSeconds(10);
    private static final List<String> STATES = List.of("succeeded", "running", "queued", "ready", "waiting", "planned", "failed", "cancelled");

    private final PlannerClient planner;
    private final IngestClient ingest;
    private final List<PgeDefinition> pges;
    private final PrintStream out;

    /** @param pges the demo PGEs in the order of the chain: the last one makes the daily grid */
    public DemoChain(PlannerClient planner, IngestClient ingest, List<PgeDefinition> pges, PrintStream out) {
        this.planner = planner;
        this.ingest = ingest;
        this.pges = List.copyOf(pges);
        this.out = out;
    }

    /**
     * Waits at most {@code timeout} until the daily job of the demo day succeeded, then prints the
     * chain; throws when a job of the day failed or it took longer. The planner works while the day
     * is delivered: {@code deliveryBegan} is what its time is counted from.
     */
    public void awaitAndPrint(Instant deliveryBegan, Duration timeout) throws InterruptedException {
        Job daily = await(Instant.now(), timeout);
        String when = daily.endedAt() != null && daily.endedAt().isBefore(deliveryBegan) ? "before, by " + daily.endedAt()
                : "within " + Duration.between(deliveryBegan, Instant.now()).toSeconds() + " s of the first delivery";
        out.printf("demo: the planner made the day's level 1B, 2 and 3 from level 0 %s (%s)%n", when, progress(jobsByPge()));
        print(daily);
    }

    private Job await(Instant begin, Duration timeout) throws InterruptedException {
        Instant nextProgress = begin.plus(PROGRESS);
        while (true) {
            Map<String, List<Job>> jobs = jobsByPge();
            Optional<Job> daily = jobs.get(pges.getLast().name()).stream()
                    .filter(job -> job.state().equals("succeeded") && holdsTheDay(job)).findFirst();
            if (daily.isPresent()) {
                return daily.get();
            }
            Optional<Job> failed = jobs.values().stream().flatMap(List::stream)
                    .filter(job -> (job.state().equals("failed") || job.state().equals("cancelled")) && overlapsTheDay(job)).findFirst();
            if (failed.isPresent()) {
                throw new IllegalStateException("demo: job " + failed.get().id() + " of " + failed.get().pge() + " " + failed.get().state() + ": "
                        + failed.get().reason());
            }
            Instant now = Instant.now();
            long seconds = Duration.between(begin, now).toSeconds();
            if (now.isAfter(begin.plus(timeout))) {
                throw new IllegalStateException("demo: the planner did not make the daily grid within " + timeout.toSeconds() + " s: "
                        + progress(jobs) + "; see GET /jobs and the planner's log");
            }
            if (!now.isBefore(nextProgress)) {
                out.printf("demo: planner jobs after %d s: %s%n", seconds, progress(jobs));
                nextProgress = now.plus(PROGRESS);
            }
            Thread.sleep(POLL);
        }
    }

    private Map<String, List<Job>> jobsByPge() {
        Map<String, List<Job>> jobs = new LinkedHashMap<>();
        pges.forEach(pge -> jobs.put(pge.name(), planner.jobs(pge.name(), null)));
        return jobs;
    }

    /** {@code OML1BRUG-demo 15 succeeded; OMTO3-demo 9 succeeded, 2 running; OMTO3d-demo 1 waiting}. */
    private static String progress(Map<String, List<Job>> jobs) {
        List<String> parts = new ArrayList<>();
        jobs.forEach((pge, list) -> {
            Map<String, Long> byState = list.stream().collect(Collectors.groupingBy(Job::state, Collectors.counting()));
            String counts = STATES.stream().filter(byState::containsKey).map(state -> byState.get(state) + " " + state)
                    .collect(Collectors.joining(", "));
            parts.add(pge + " " + (counts.isEmpty() ? "no job yet" : counts));
        });
        return String.join("; ", parts);
    }

    private static boolean holdsTheDay(Job job) {
        return !job.unitStart().isAfter(OmiDay.DAY) && job.unitEnd().isAfter(OmiDay.DAY);
    }

    private static boolean overlapsTheDay(Job job) {
        return job.unitStart().isBefore(OmiDay.DAY.plus(Duration.ofDays(1))) && job.unitEnd().isAfter(OmiDay.DAY);
    }

    /** Walks from the daily grid down through each granule's producing job to the level 0 files, taking the first input by name. */
    private void print(Job daily) {
        JobDetail.Output product = planner.job(daily.id()).outputs().getFirst();
        Lineage lineage = planner.inputsOf(product.granuleId());
        Map<Long, Lineage.Entry> named = lineage.granules().stream().collect(Collectors.toMap(Lineage.Entry::granule, entry -> entry));
        List<String> links = new ArrayList<>();
        Granule granule = ingest.granule(product.granuleId());
        while (granule.producingJob() != null) {
            JobDetail job = planner.job(Long.parseLong(granule.producingJob()));
            links.addFirst(String.format("%-8s %s (job %d)", granule.esdt(), granule.fileName(), job.job().id()));
            List<Lineage.Entry> inputs = job.inputs().stream().map(named::get).filter(Objects::nonNull)
                    .sorted(Comparator.comparing(Lineage.Entry::fileName)).toList();
            if (inputs.isEmpty()) {
                break;
            }
            granule = ingest.granule(inputs.getFirst().granule());
            if (granule.producingJob() == null) {
                String esdt = granule.esdt();
                links.addFirst(String.format("%-8s %s", esdt, inputs.stream().filter(input -> input.esdt().equals(esdt))
                        .map(Lineage.Entry::fileName).collect(Collectors.joining(" + "))));
            }
        }
        out.println("demo: the chain of the first orbit, each granule with the job that made it:");
        for (int link = 0; link < links.size(); link++) {
            out.println((link == 0 ? "     " : "  -> ") + links.get(link));
        }
        Map<String, Long> reached = lineage.granules().stream().sorted(Comparator.comparingInt(Lineage.Entry::depth))
                .collect(Collectors.groupingBy(Lineage.Entry::esdt, LinkedHashMap::new, Collectors.counting()));
        out.printf("demo: GET /lineage/%d/inputs of %s: %s%n", product.granuleId(), product.fileName(),
                reached.entrySet().stream().map(entry -> entry.getValue() + " " + entry.getKey()).collect(Collectors.joining(", ")));
    }
}
