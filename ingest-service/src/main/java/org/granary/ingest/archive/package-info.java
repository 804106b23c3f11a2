/** The archive as ingest uses it: the archive-store client, made on first use with the platform's token. */
package org.granary.ingest.archive;
