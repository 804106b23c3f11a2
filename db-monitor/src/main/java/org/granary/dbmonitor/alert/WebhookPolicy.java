package org.granary.dbmonitor.alert;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where notifications may go, as ingest-service decides where its callbacks may go: a webhook's
 * host must not resolve to a loopback, link-local, unspecified or multicast address unless the
 * allow list names it ({@code host} or {@code host:port}, as the URL writes the host); when the
 * allow list is not empty, only the hosts it names are admitted. Checked when a rule is written,
 * and again on every connection, on the very addresses it connects to (a name that resolved to a
 * public address then may resolve to 127.0.0.1 now).
 */
final class WebhookPolicy {
    static final String ALLOW_LIST_KEY = "granary.db-monitor.alerts.webhook-allow-list";
    private static final int ANY_PORT = -1;

    /** Name resolution, replaced in tests by a fixed table. */
    @FunctionalInterface
    interface Resolver {
        Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** An allowed host, and a port or any. */
    record Entry(String host, int port) {
        boolean admits(String someHost, int somePort) {
            return host.equals(normalized(someHost)) && (port == ANY_PORT || port == somePort);
        }
    }

    private final List<Entry> allowList;
    private final Resolver resolver;

    WebhookPolicy(List<String> allowList, Resolver resolver) {
        this.allowList = allowList.stream().map(WebhookPolicy::entry).toList();
        this.resolver = requireNonNull(resolver, "resolver is null");
    }

    /**
     * Checks a rule's webhook.
     *
     * @throws WebhookRefusedException when it may not be used, saying why
     * @throws UnknownHostException when its host does not resolve
     */
    void check(Webhook webhook) throws UnknownHostException {
        admit(webhook.url().getHost(), webhook.port());
    }

    /** The addresses a notification to {@code host} on {@code port} may connect to: all of them, or none. */
    List<InetAddress> admit(String host, int port) throws UnknownHostException {
        List<InetAddress> addresses = resolver.resolve(normalized(host));
        if (allowList.stream().anyMatch(entry -> entry.admits(host, port))) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = forbiddenKind(address);
            if (kind.isPresent()) {
                throw new WebhookRefusedException(describe(host, port) + " resolves to " + address.getHostAddress() + ", " + kind.get()
                        + " address; webhooks may not reach loopback, link-local, unspecified or multicast addresses unless "
                        + ALLOW_LIST_KEY + " lists the host");
            }
        }
        if (!allowList.isEmpty()) {
            throw new WebhookRefusedException(describe(host, port) + " is not in " + ALLOW_LIST_KEY + ", which admits only the hosts it lists");
        }
        return addresses;
    }

    private static Optional<String> forbiddenKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("an unspecified");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast");
        }
        return Optional.empty();
    }

    /** {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}; a bare IPv6 address is a host. */
    static Entry entry(String text) {
        String entry = text.strip();
        try {
            String host = entry;
            int port = ANY_PORT;
            if (entry.startsWith("[")) {
                int end = entry.indexOf(']');
                if (end < 0 || (end + 1 < entry.length() && entry.charAt(end + 1) != ':')) {
                    throw new IllegalArgumentException("[ipv6] or [ipv6]:port");
                }
                host = entry.substring(0, end + 1);
                port = end + 1 < entry.length() ? Integer.parseInt(entry.substring(end + 2)) : ANY_PORT;
            } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
                host = entry.substring(0, entry.indexOf(':'));
                port = Integer.parseInt(entry.substring(entry.indexOf(':') + 1));
            }
            if (host.isEmpty() || (port != ANY_PORT && (port < 1 || port > 65_535))) {
                throw new IllegalArgumentException("a host, and a port from 1 to 65535");
            }
            return new Entry(normalized(host), port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ALLOW_LIST_KEY + ": '" + text + "' is not host or host:port (" + e.getMessage() + ")", e);
        }
    }

    /** Lower case, IPv6 without its brackets: how URLs and entries are compared. */
    static String normalized(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    private static String describe(String host, int port) {
        return port == ANY_PORT ? host : host + ":" + port;
    }
}
