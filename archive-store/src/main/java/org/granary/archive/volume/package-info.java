/**
 * The folders a node stores objects in: where an object's file lives (derived from its
 * checksum), which volume takes a new object, capacity and free space, and the operator's
 * read-only and draining switches.
 */
package org.granary.archive.volume;
