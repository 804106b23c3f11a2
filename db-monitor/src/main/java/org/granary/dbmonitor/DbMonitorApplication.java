package org.granary.dbmonitor;

import org.granary.platform.application.GranaryApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Watches every PostgreSQL cluster (replication lag, deadlocks, ...) and serves the operators' weather-forecast dashboard. */
@SpringBootApplication
public class DbMonitorApplication {
    public static void main(String[] arguments) {
        GranaryApplication.run(DbMonitorApplication.class, arguments);
    }
}
