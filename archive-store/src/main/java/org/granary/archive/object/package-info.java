/**
 * Objects on this node: the streaming, hashing, fsyncing write path, reads with ranges, the
 * inventory, and deletion as a tombstone with a grace period.
 */
package org.granary.archive.object;
