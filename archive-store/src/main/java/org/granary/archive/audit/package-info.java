/** Every write, copy, move, repair, quarantine and delete of this node, queryable by checksum. */
package org.granary.archive.audit;
