/** Demo data for {@code ops/granary up --demo}: a day of OMI-like granules delivered as a ground station would. */
package org.granary.ops.demo;
