/**
 * Product Delivery Records (PDRs), the EOSDIS way of announcing files to an archive, and the
 * answers to them: a {@link org.granary.ingest.pdr.PdrDiscrepancy} (PDRD) when the PDR itself is
 * wrong, a {@link org.granary.ingest.pdr.ProductAcceptanceNotification} (PAN) once its files are
 * ingested. {@link org.granary.ingest.pdr.PdrReader} reads a PDR in ODL (PVL) syntax, including
 * EDOS PDRs with their binary header, and checks it. {@link org.granary.ingest.pdr.PosixCksum}
 * computes the Unix {@code cksum} a PDR may give for a file, while the file streams by.
 *
 * <p>The format and the disposition strings follow the ECS-SIPS Interface Control Document,
 * Volume 0 (section 4.5, the PDR mechanism, which ESDS-RFC-030 made an ESDS standard), as NASA's
 * own implementations write them: Cumulus ({@code validate-pdr}), S4P/S4PA ({@code S4P::PDR},
 * {@code S4P::PAN}) and GIBS TIE ({@code PDRErrorUtility}).
 */
package org.granary.ingest.pdr;
