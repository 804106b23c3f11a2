/**
 * Drift detection: does a database's schema match exactly what its applied patches make?
 *
 * <ol>
 *   <li>{@link org.granary.patches.drift.ScratchDatabase#expectedSchema} applies the patches the
 *       ledger lists to an empty scratch database and reads what they made;</li>
 *   <li>{@link org.granary.patches.drift.CatalogSnapshot#read} reads what the database has;</li>
 *   <li>{@link org.granary.patches.drift.SchemaComparison#compare} lists the differences as
 *       {@link org.granary.patches.drift.Drift}s, each with a description and repair DDL;</li>
 *   <li>{@link org.granary.patches.drift.Provenance} records every DDL statement run in a database,
 *       and {@link org.granary.patches.drift.AttributedDrift#attribute} says who made each drift.</li>
 * </ol>
 *
 * {@link org.granary.patches.drift.SchemaDefinition#render} writes a snapshot as a schema
 * definition file. This package is the library; the DBA command line is built on it.
 */
package org.granary.patches.drift;
