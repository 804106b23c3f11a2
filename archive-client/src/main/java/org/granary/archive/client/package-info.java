/**
 * The archive as other services and tools see it, in a jar of its own with no server classes:
 * the cluster map, placement of an object on its nodes (computed from its checksum, never looked
 * up), {@link org.granary.archive.client.ArchiveClient} for puts and gets with retries, hinted
 * handoff and map refresh, and {@link org.granary.archive.client.NodeClient} for one node's API,
 * its administration included. HTTP is Apache HttpClient 5 (classic); what is retried is in
 * {@code RetryPolicy}.
 */
package org.granary.archive.client;
