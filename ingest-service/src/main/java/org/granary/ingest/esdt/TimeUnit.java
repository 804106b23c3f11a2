package org.granary.ingest.esdt;

/** The span one granule of an ESDT covers, which decides how granules are grouped and searched. */
public enum TimeUnit {
    /** One orbit of the spacecraft (about 99 minutes for Aura), named by its orbit number. */
    ORBIT,
    /** One UTC day, 00:00 to 24:00. */
    DAY,
    /** Whatever span the producer chose, such as a level 0 session; its times come from the PDR or the file. */
    GRANULE
}
