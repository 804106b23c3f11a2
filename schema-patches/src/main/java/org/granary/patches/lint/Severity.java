package org.granary.patches.lint;

/** How bad a finding is. The DBA command line exits non-zero when any finding is an {@link #ERROR}. */
public enum Severity {
    /** Worth a second look before applying, e.g. a drop that cannot be undone. */
    WARNING,
    /** The patch will fail, or will block a large table's readers or writers for a long time. */
    ERROR
}
