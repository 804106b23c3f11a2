package org.granary.planner;

import org.granary.platform.application.GranaryApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Processing: PGEs and production rules, jobs and campaigns, workers that run PGEs and push their products. */
@SpringBootApplication
public class PlannerApplication {
    public static void main(String[] arguments) {
        GranaryApplication.run(PlannerApplication.class, arguments);
    }
}
