/**
 * Granule metadata (the "new" metadata schema): recording, search with keyset pages, download.
 * A granule is one file of a product ({@link org.granary.ingest.granule.ProductIdentity}: ESDT,
 * collection, orbit or start, part); versions and duplicate policies work on the product, and
 * concurrent pushes of one product race on its unique version. Search values the database could
 * not take are refused before any statement ({@link org.granary.ingest.granule.SearchInput}).
 */
package org.granary.ingest.granule;
