package org.granary.dbmonitor.status;

import java.util.List;
import org.granary.dbmonitor.poll.NodeSample.Session;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlockingTreeTest {
    @Test
    void blockersAreRootsWithTheSessionsWaitingForThemBelow() {
        List<BlockingTree.Branch> trees = BlockingTree.of(List.of(session(1, List.of()), session(2, List.of(1)), session(3, List.of(2)),
                session(4, List.of(1)), session(5, List.of())));
        assertThat(trees).hasSize(1);
        BlockingTree.Branch root = trees.getFirst();
        assertThat(root.session().pid()).isEqualTo(1);
        assertThat(root.blocked()).extracting(branch -> branch.session().pid()).containsExactly(2, 4);
        assertThat(root.blocked().getFirst().blocked()).extracting(branch -> branch.session().pid()).containsExactly(3);
    }

    @Test
    void aCycleIsShownFromItsLowestPid() {
        List<BlockingTree.Branch> trees = BlockingTree.of(List.of(session(8, List.of(7)), session(7, List.of(8))));
        assertThat(trees).hasSize(1);
        assertThat(trees.getFirst().session().pid()).isEqualTo(7);
        assertThat(trees.getFirst().blocked()).extracting(branch -> branch.session().pid()).containsExactly(8);
        assertThat(trees.getFirst().blocked().getFirst().blocked()).isEmpty();
    }

    private static Session session(int pid, List<Integer> blockedBy) {
        return new Session(pid, "u", "db", "app", "active", 1.0, 1.0, blockedBy.isEmpty() ? null : "Lock", null, null, blockedBy,
                "UPDATE t SET x = " + pid);
    }
}
