/** Watches every PostgreSQL cluster (replication lag, deadlocks, ...) and serves the operators' weather-forecast dashboard. */
package org.granary.dbmonitor;
