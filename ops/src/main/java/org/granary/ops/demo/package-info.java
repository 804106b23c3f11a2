/**
 * Demo data for {@code ops/granary up --demo}: a day of OMI-like data delivered as a ground station
 * would, the demo PGEs ({@code ops/demo/pge/omi}) that make its level 1B, 2 and 3 from its level 0,
 * and the chain they make, followed through the planner's API.
 */
package org.granary.ops.demo;
