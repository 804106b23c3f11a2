/** Fixtures for tests of every module; nothing here ships in a service. */
package org.granary.testing;
