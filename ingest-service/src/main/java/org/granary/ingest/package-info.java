/** The one door into the archive: ground-station pushes and PDR deliveries, ESDT registry, granule metadata, search and download. */
package org.granary.ingest;
