/**
 * The hazard linter of the DBA tool: {@link org.granary.patches.lint.PatchLinter} reads a patch
 * statement by statement and, with the target database's table sizes
 * ({@link org.granary.patches.lint.LiveTableStatistics}), reports what would block a large table,
 * rewrite it, fail in a transaction or lose data, each with a safer form.
 */
package org.granary.patches.lint;
