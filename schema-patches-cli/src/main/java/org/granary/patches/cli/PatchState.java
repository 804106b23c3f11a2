package org.granary.patches.cli;

import static java.util.Objects.requireNonNull;

/**
 * Where one patch stands between the folder, {@code patches_applied.txt} and a database's ledger.
 *
 * @param detail what a DBA needs to know or do about it, one line; empty for a pending patch that was not begun
 */
record PatchState(String name, State state, String detail) {
    enum State {
        /** Listed, file present, in the ledger with the file's checksum. */
        APPLIED("applied", false, false),
        /** Listed, file present, not in the ledger. */
        PENDING("pending", false, false),
        /** In the ledger with another checksum than the file's. */
        EDITED("EDITED", true, true),
        /** In the ledger, but {@code patches_applied.txt} does not list it: applied from a build git does not know. */
        UNKNOWN("UNKNOWN", true, true),
        /** A file {@code patches_applied.txt} does not list: a draft, or a forgotten line. Apply ignores it. */
        UNLISTED("UNLISTED", true, false),
        /** Listed, but there is no such file (or the name is not a patch name). */
        MISSING("MISSING", true, true),
        /** Listed more than once. */
        LISTED_TWICE("TWICE", true, true);

        private final String label;
        private final boolean inconsistent;
        private final boolean blocksApply;

        State(String label, boolean inconsistent, boolean blocksApply) {
            this.label = label;
            this.inconsistent = inconsistent;
            this.blocksApply = blocksApply;
        }

        /** Lower case when all is well, upper case when something needs a DBA. */
        String label() {
            return label;
        }

        boolean inconsistent() {
            return inconsistent;
        }

        /** Apply refuses while a patch is in this state (an edited one unless drift is allowed). */
        boolean blocksApply() {
            return blocksApply;
        }
    }

    PatchState {
        requireNonNull(name, "name is null");
        requireNonNull(state, "state is null");
        requireNonNull(detail, "detail is null");
    }
}
