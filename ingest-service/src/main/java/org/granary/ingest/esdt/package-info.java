/**
 * Earth Science Data Types (ESDTs): the product types the archive accepts, keyed by short name
 * and collection (several collections of one short name live side by side), each with its
 * processing level, retention, what to do with a second delivery of the same
 * granule, and the pattern its file names follow. {@link org.granary.ingest.esdt.EsdtCatalog}
 * holds them (loaded from a JSON catalogue) and tells which ESDT a file name belongs to and what
 * the name says about the granule: start, end, orbit, collection and production time.
 * {@link org.granary.ingest.esdt.FileNames} refuses names that could escape a directory.
 */
package org.granary.ingest.esdt;
