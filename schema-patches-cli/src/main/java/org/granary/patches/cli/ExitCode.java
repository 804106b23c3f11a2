package org.granary.patches.cli;

/** What the command line exits with; scripts and the build rely on these, and the README lists them. */
final class ExitCode {
    /** Done; in step; no drift; no ERROR hazard. */
    static final int OK = 0;
    /** Something failed: the database is unreachable, a patch failed, a file could not be read. */
    static final int FAILED = 1;
    /** {@code status}: in step but patches are waiting to be applied. */
    static final int PENDING = 2;
    /** An inconsistency, drift, an ERROR hazard, a stale definition, or a refusal to apply. */
    static final int INCONSISTENT = 3;
    /**
     * {@code verify}: an applied patch's file was edited after it was applied, or is gone: the patch
     * files no longer say what the database was given, so there is nothing to compare the schema
     * with. Not drift (the schema may be fine): restore the file as it was applied, from version control.
     */
    static final int EDITED_PATCH = 4;
    /** Bad command line or stages file (sysexits' EX_USAGE). */
    static final int USAGE = 64;
    /** A bug of this tool (sysexits' EX_SOFTWARE): the one case that prints a stack trace. */
    static final int INTERNAL_ERROR = 70;

    private ExitCode() {
    }
}
