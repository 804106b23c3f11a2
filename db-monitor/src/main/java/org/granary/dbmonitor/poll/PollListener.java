package org.granary.dbmonitor.poll;

import java.util.List;
import org.granary.dbmonitor.cluster.ClusterDefinition;

/** Takes in one round of one cluster: one observation per node, in the order of its definition. */
public interface PollListener {
    void polled(ClusterDefinition cluster, List<Observation> observations);
}
