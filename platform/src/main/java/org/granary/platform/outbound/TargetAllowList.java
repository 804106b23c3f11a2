package org.granary.platform.outbound;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The hosts an operator admits as targets even when they are loopback or link-local (a planner
 * on the same machine calls back on 127.0.0.1), read from the configuration key {@code key}.
 * Hosts are compared as the URL writes them, without case: {@code localhost} does not admit
 * {@code 127.0.0.1}.
 */
public record TargetAllowList(String key, List<Entry> entries) {
    /** Any port of this host. */
    public static final int ANY_PORT = -1;

    /** A host, and a port or {@link #ANY_PORT}. */
    public record Entry(String host, int port) {
        public Entry {
            requireNonNull(host, "host is null");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("an allow list entry needs a host");
            }
            if (port != ANY_PORT && (port < 1 || port > 65_535)) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        boolean admits(String someHost, int somePort) {
            return host.equals(normalized(someHost)) && (port == ANY_PORT || port == somePort);
        }
    }

    public TargetAllowList {
        requireNonNull(key, "key is null");
        entries = List.copyOf(entries);
    }

    /**
     * Entries {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}; a bare IPv6 address is a host.
     *
     * @throws IllegalArgumentException naming {@code key} and the malformed entry
     */
    public static TargetAllowList parse(String key, List<String> entries) {
        return new TargetAllowList(key, entries.stream().map(entry -> parseEntry(key, entry)).toList());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public boolean admits(String host, int port) {
        return entries.stream().anyMatch(entry -> entry.admits(host, port));
    }

    private static Entry parseEntry(String key, String text) {
        String entry = text.strip();
        try {
            if (entry.startsWith("[")) {
                int end = entry.indexOf(']');
                if (end < 0) {
                    throw new IllegalArgumentException("no closing ]");
                }
                String rest = entry.substring(end + 1);
                if (!rest.isEmpty() && !rest.startsWith(":")) {
                    throw new IllegalArgumentException("only :port may follow ]");
                }
                return new Entry(normalized(entry.substring(0, end + 1)), rest.isEmpty() ? ANY_PORT : Integer.parseInt(rest.substring(1)));
            }
            int colon = entry.indexOf(':');
            if (colon < 0 || entry.indexOf(':', colon + 1) >= 0) {
                return new Entry(normalized(entry), ANY_PORT);
            }
            return new Entry(normalized(entry.substring(0, colon)), Integer.parseInt(entry.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            // Without the cause: the root cause a binder reports is then this message, which names the key and the entry.
            throw new IllegalArgumentException(key + ": '" + text + "' is not host or host:port (" + e.getMessage() + ")");
        }
    }

    /** Lower case, IPv6 without its brackets: how URLs and entries are compared. */
    public static String normalized(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }
}
