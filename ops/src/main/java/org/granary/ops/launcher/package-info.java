/**
 * The launcher behind {@code ops/granary}: runs the whole platform on one machine (an embedded
 * PostgreSQL or an external one, then every service from its jar), stops it, reports its state
 * and prints the environment a script needs to talk to it.
 */
package org.granary.ops.launcher;
