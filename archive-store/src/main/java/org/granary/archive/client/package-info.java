/**
 * The archive as other services see it: the cluster map, placement of an object on its nodes
 * (computed from its checksum, never looked up), and {@link org.granary.archive.client.ArchiveClient}
 * for streaming puts and gets with retries, hinted handoff and map refresh.
 */
package org.granary.archive.client;
