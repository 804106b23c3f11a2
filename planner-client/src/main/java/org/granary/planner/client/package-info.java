/**
 * The planner as scientists, operators and tools call it, in a jar of its own with no server
 * classes: records of what the planner answers ({@link org.granary.planner.client.PgeDefinition},
 * {@link org.granary.planner.client.Job}, {@link org.granary.planner.client.JobDetail},
 * {@link org.granary.planner.client.Lineage}) and {@link org.granary.planner.client.PlannerClient}
 * on Apache HttpClient 5 (classic).
 */
package org.granary.planner.client;
