/**
 * The legacy metadata database ({@code granary_legacy}) on this machine: its patches applied by
 * {@code ops/granary up}, the demo's years of legacy rows, and {@code ops/granary legacy write},
 * which plays the old applications against it so that metadata-sync can be watched at work.
 */
package org.granary.ops.legacy;
