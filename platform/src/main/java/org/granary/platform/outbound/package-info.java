/**
 * Requests a service makes to addresses its users give it (ingest-service's event callbacks,
 * db-monitor's alert webhooks): which hosts they may reach ({@link org.granary.platform.outbound.TargetAddressPolicy},
 * checked on the very addresses each connection uses through {@link org.granary.platform.outbound.TargetDnsResolver}),
 * one pooled HTTP client with timeouts and a deadline per send ({@link org.granary.platform.outbound.OutboundHttpClient}),
 * and when a failed send is tried again ({@link org.granary.platform.outbound.RetrySchedule}).
 */
package org.granary.platform.outbound;
