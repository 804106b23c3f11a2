/** The service's database: its schema patches are applied at start, before anything uses it. */
package org.granary.platform.database;
