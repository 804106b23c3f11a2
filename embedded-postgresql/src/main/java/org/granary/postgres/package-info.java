/**
 * A real PostgreSQL server on this machine, from the binaries zonky packages for Maven: the
 * launcher runs the platform's database with it and the tests run theirs.
 */
package org.granary.postgres;
