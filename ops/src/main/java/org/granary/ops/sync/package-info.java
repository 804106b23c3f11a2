/** {@code ops/granary sync ...}: the data manager's commands for metadata-sync, over its HTTP API with the admin token. */
package org.granary.ops.sync;
