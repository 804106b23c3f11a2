package org.granary.archive.audit;

import java.util.Locale;

/** What happened to a copy of an object on this node. */
public enum AuditAction {
    WRITE, COPY_OUT, COPY_IN, MOVE_OUT, RELOCATE, REPAIR, QUARANTINE, MISSING, PROBLEM, LOST, DELETE, RESTORE, PURGE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static AuditAction fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
