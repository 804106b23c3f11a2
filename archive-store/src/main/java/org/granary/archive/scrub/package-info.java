/**
 * The auditor: re-reads objects at a limited rate, verifies their hashes, quarantines corrupt
 * copies and repairs them from a healthy replica, notices lost files and missing replicas, and
 * keeps each object's last verification time.
 */
package org.granary.archive.scrub;
