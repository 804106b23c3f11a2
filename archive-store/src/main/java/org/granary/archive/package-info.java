/** Checksum-addressed distributed archive node: objects stored under their SHA-256 on several nodes, rebalanced and scrubbed. */
package org.granary.archive;
