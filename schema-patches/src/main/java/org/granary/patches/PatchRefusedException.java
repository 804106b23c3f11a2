package org.granary.patches;

/**
 * Patches were not applied because applying them would be wrong (an applied patch was edited, the
 * database is ahead of the patch files, a check before applying said no), not because something
 * failed: nothing was changed, and running again changes nothing until someone acts.
 */
public class PatchRefusedException extends PatchException {
    private static final long serialVersionUID = 1L;

    public PatchRefusedException(String message) {
        super(message);
    }
}
