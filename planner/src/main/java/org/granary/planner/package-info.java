/** Processing: PGEs and production rules, jobs and campaigns, workers that run PGEs and push their products. */
package org.granary.planner;
