/** {@code ops/granary archive ...}: the operator's commands for the archive cluster, over the nodes' HTTP APIs. */
package org.granary.ops.archive;
