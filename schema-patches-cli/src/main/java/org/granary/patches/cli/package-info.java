/**
 * The DBA's command line for schema patches: {@link org.granary.patches.cli.PatchesCommand} with
 * one class per command ({@code status}, {@code new}, {@code plan}, {@code apply}, {@code verify},
 * {@code rebuild-definition}, {@code lint}). Output is for people: aligned columns, one line per
 * finding, DBA-worded messages without stack traces; exit codes are for scripts ({@link
 * org.granary.patches.cli.ExitCode}).
 */
package org.granary.patches.cli;
