/**
 * The cluster map as this node keeps it: seeded from configuration, changed only through the
 * admin API (each change bumps the epoch), spread by gossip (every node asks its peers for a
 * higher epoch), and the node-to-node copies that rebalancing and repair are made of.
 */
package org.granary.archive.cluster;
