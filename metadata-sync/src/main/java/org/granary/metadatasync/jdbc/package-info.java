/** What metadata-sync's JDBC statements share: how a lookup by an array of keys is planned. */
package org.granary.metadatasync.jdbc;
