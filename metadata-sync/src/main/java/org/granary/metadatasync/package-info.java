/** Keeps the legacy metadata database and the new one in agreement: change flow and reconciliation. */
package org.granary.metadatasync;
