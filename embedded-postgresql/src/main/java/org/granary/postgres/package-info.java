/**
 * A real PostgreSQL server on this machine, from the binaries zonky packages for Maven, and
 * streaming standbys of it: the launcher runs the platform's database with them and the tests
 * run theirs.
 */
package org.granary.postgres;
