package org.granary.planner.schedule;

import org.granary.planner.PlannerProperties;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sweep's job and trigger; Spring Boot hands them to the clustered scheduler. */
@Configuration(proxyBeanMethods = false)
class QuartzConfiguration {
    @Bean
    JobDetail sweepJob() {
        return JobBuilder.newJob(SweepJob.class).withIdentity("sweep", "planner").storeDurably().build();
    }

    @Bean
    Trigger sweepTrigger(JobDetail sweepJob, PlannerProperties properties) {
        return TriggerBuilder.newTrigger().forJob(sweepJob).withIdentity("sweep", "planner")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(properties.sweepInterval().toMillis())
                        .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
