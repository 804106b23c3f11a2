package org.granary.planner.execution;

import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.granary.ingest.client.IngestClient;
import org.granary.planner.PlannerProperties;
import org.granary.planner.catalogue.CatalogueRepository;
import org.granary.planner.execution.local.LocalExecutor;
import org.granary.planner.job.JobRepository;
import org.granary.planner.pge.PgeRepository;
import org.granary.planner.plan.JobPlanner;
import org.granary.planner.plan.ReadyJobs;
import org.granary.platform.auth.ServiceToken;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The executor chosen by {@code granary.planner.executor}, and this instance's workers. */
@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {
    @Bean(destroyMethod = "close")
    IngestClient plannerIngestClient(PlannerProperties properties, ServiceToken token) {
        return new IngestClient(properties.ingestUrl(), token.secret());
    }

    @Bean
    Executor executor(PlannerProperties properties) {
        return switch (properties.executor()) {
            case "slurm" -> SlurmExecutors.create(properties.slurm());
            default -> new LocalExecutor();
        };
    }

    /** This instance's name in the jobs it claims: host, process and a random part (a restart is another worker). */
    @Bean
    WorkerName workerName() {
        return new WorkerName(ManagementFactory.getRuntimeMXBean().getName() + "/" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    }

    @Bean
    Dispatcher dispatcher(JobRepository jobs, PgeRepository pges, JobPlanner planner, CatalogueRepository catalogue, Executor executor,
            IngestClient plannerIngestClient, ReadyJobs readyJobs, PlannerProperties properties, WorkerName workerName, MeterRegistry registry) {
        JobRunner runner = new JobRunner(jobs, pges, planner, catalogue, executor, new Staging(plannerIngestClient), new OutputPush(plannerIngestClient),
                properties, workerName.value(), new RunMetrics(registry, jobs));
        return new Dispatcher(jobs, runner, readyJobs, properties, workerName.value(), executor.name());
    }
}
