/**
 * Deliveries described by a Product Delivery Record: the station posts the PDR (answered by a
 * PDRD when the PDR itself is wrong), pushes the files it lists in any order, each is checked
 * against the PDR's size and checksum, and once every file has a disposition the delivery is
 * complete and its Production Acceptance Notification (PAN) can be fetched, by the delivery's id
 * or its PDR name. Level 0 files pushed before their PDR take the PDR's times when it settles them.
 */
package org.granary.ingest.delivery;
