/**
 * Files pushed by ground stations and by processing: streamed into the spool while hashed
 * (SHA-256 for the archive, MD5 as deliveries declare it), verified against declared checksums,
 * stored in the archive with R copies, then catalogued with an event in one transaction.
 */
package org.granary.ingest.push;
