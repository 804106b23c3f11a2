/**
 * The initial load: the legacy rows that existed before the capture's replication slot, copied to
 * the catalogue in resumable chunks while the stream runs, through the same apply path.
 */
package org.granary.metadatasync.load;
