/**
 * Schema patches: numbered SQL files in a component's module, {@code patches_applied.txt} listing
 * them in the order they apply, and a ledger table in every database saying which were applied,
 * by whom, when and with which checksum. Every service migrates its own database at start with
 * {@link org.granary.patches.SchemaPatcher}.
 */
package org.granary.patches;
