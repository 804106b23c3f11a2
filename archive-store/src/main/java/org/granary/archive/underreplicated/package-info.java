/**
 * Objects this node holds that lack copies elsewhere: a put acknowledged with its write quorum (W)
 * but fewer than R copies records, on each node that holds it and before it is acknowledged, which
 * nodes lack a copy; this node then makes those copies by itself once their nodes answer
 * (throttled, the receiver verifying each against its name), and drops each record when the copy
 * is there. Until then the object counts as under-replicated: in the node's metrics and at
 * {@code GET /under-replicated}.
 */
package org.granary.archive.underreplicated;
