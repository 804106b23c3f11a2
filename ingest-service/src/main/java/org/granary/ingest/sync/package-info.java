/**
 * What metadata-sync needs to keep the legacy catalogue and this one in agreement (issue 24): a
 * bulk apply of canonical records in one set-based transaction, the feed of granule changes in
 * commit order, and range hashes and rows of the canonical form for reconciliation. Only
 * metadata-sync's service token and admins may call it.
 */
package org.granary.ingest.sync;
