package org.granary.archive.scrub;

/** What the scrubber counts, each in a metric of its own and in the progress of a full pass. */
enum Finding {
    /** A copy whose content no longer hashes to its name. */
    CORRUPT("granary.archive.scrub.corrupt"),
    /** An inventoried copy whose file is gone. */
    MISSING("granary.archive.scrub.missing"),
    /** A corrupt or missing copy written again from a healthy replica. */
    REPAIRED("granary.archive.scrub.repairs"),
    /** A corrupt or missing copy no replica could replace: recorded as lost. */
    UNREPAIRABLE("granary.archive.scrub.unrepairable"),
    /** A copy that could neither be verified nor repaired (unreadable, or corrupt and immovable): marked in the inventory. */
    PROBLEM("granary.archive.scrub.problems"),
    /** A preferred node lacked its copy and got one from here. */
    REPLICA_ADDED("granary.archive.scrub.replicas.added");

    private final String metric;

    Finding(String metric) {
        this.metric = metric;
    }

    String metric() {
        return metric;
    }
}
