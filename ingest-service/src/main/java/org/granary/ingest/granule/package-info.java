/** Granule metadata (the "new" metadata schema): recording, search with keyset pages, download. */
package org.granary.ingest.granule;
