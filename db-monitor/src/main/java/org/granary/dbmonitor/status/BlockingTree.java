package org.granary.dbmonitor.status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.granary.dbmonitor.poll.NodeSample.Session;

/** Who blocks whom on a node: each session that blocks others, with those it blocks under it. */
public final class BlockingTree {
    private BlockingTree() {
    }

    /** A session and the sessions waiting for it. */
    public record Branch(Session session, List<Branch> blocked) {
    }

    /**
     * The trees of blocking: roots are sessions blocking others while not blocked themselves (or,
     * in a cycle, its lowest pid); a session blocked by several appears under each.
     */
    public static List<Branch> of(List<Session> sessions) {
        Map<Integer, Session> byPid = new HashMap<>();
        sessions.forEach(session -> byPid.put(session.pid(), session));
        Map<Integer, List<Session>> waiting = new HashMap<>();
        for (Session session : sessions) {
            for (int blocker : session.blockedBy()) {
                waiting.computeIfAbsent(blocker, pid -> new ArrayList<>()).add(session);
            }
        }
        List<Branch> roots = new ArrayList<>();
        Set<Integer> placed = new HashSet<>();
        for (Session session : sessions) {
            if (waiting.containsKey(session.pid()) && session.blockedBy().stream().noneMatch(byPid::containsKey)) {
                roots.add(branch(session, waiting, new HashSet<>(), placed));
            }
        }
        for (Session session : sessions.stream().sorted((a, b) -> Integer.compare(a.pid(), b.pid())).toList()) {
            if (waiting.containsKey(session.pid()) && !placed.contains(session.pid())) {
                roots.add(branch(session, waiting, new HashSet<>(), placed)); // a cycle: nobody outside it blocks it
            }
        }
        return roots;
    }

    private static Branch branch(Session session, Map<Integer, List<Session>> waiting, Set<Integer> path, Set<Integer> placed) {
        placed.add(session.pid());
        path.add(session.pid());
        List<Branch> children = new ArrayList<>();
        for (Session blocked : waiting.getOrDefault(session.pid(), List.of())) {
            if (!path.contains(blocked.pid())) {
                children.add(branch(blocked, waiting, path, placed));
            }
        }
        path.remove(session.pid());
        return new Branch(session, children);
    }
}
