/**
 * ingest-service as stations, processing and tools call it, in a jar of its own with no server
 * classes: records of what ingest answers ({@link org.granary.ingest.client.Granule},
 * {@link org.granary.ingest.client.PushResult}, {@link org.granary.ingest.client.Delivery},
 * {@link org.granary.ingest.client.GranulePage}, {@link org.granary.ingest.client.Subscription})
 * and {@link org.granary.ingest.client.IngestClient} on Apache HttpClient 5 (classic), with the
 * retry policy in {@code RetryPolicy}.
 */
package org.granary.ingest.client;
