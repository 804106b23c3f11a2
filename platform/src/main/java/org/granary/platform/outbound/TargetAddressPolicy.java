package org.granary.platform.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Which addresses outbound requests to user-given URLs may connect to: never a
 * {@link ReservedTargets reserved} service of the platform; not a loopback, link-local,
 * unspecified or multicast address unless the allow list names the host; and when the allow list
 * is not empty, only the hosts it names. A host is admitted with all its addresses or not at all,
 * so a name cannot pass with a public address and connect to a forbidden one.
 */
public final class TargetAddressPolicy {
    private final TargetAllowList allowList;
    private final HostResolver resolver;
    private final String targets;
    private final Function<String, ? extends UnknownHostException> refusal;
    private final ReservedTargets reserved;

    /**
     * @param targets what the service calls its targets in messages ({@code "callbacks"}, {@code "webhooks"})
     * @param refusal the service's exception for a refused host, from the reason; an
     *        {@link UnknownHostException} because the HTTP client's resolver throws it
     */
    public TargetAddressPolicy(TargetAllowList allowList, HostResolver resolver, String targets,
            Function<String, ? extends UnknownHostException> refusal, ReservedTargets reserved) {
        this.allowList = requireNonNull(allowList, "allowList is null");
        this.resolver = requireNonNull(resolver, "resolver is null");
        this.targets = requireNonNull(targets, "targets is null");
        this.refusal = requireNonNull(refusal, "refusal is null");
        this.reserved = requireNonNull(reserved, "reserved is null");
    }

    /**
     * The addresses a request to {@code host} (as its URL writes it) on {@code port} (or
     * {@link TargetAllowList#ANY_PORT}) may connect to: all of them, or none.
     *
     * @throws UnknownHostException the {@code refusal} exception when any address is refused, saying
     *         why; a plain one when the host does not resolve
     */
    public List<InetAddress> admit(String host, int port) throws UnknownHostException {
        List<InetAddress> addresses = resolver.resolve(TargetAllowList.normalized(host));
        for (InetAddress address : addresses) {
            Optional<String> service = reserved.identify(address, port);
            if (service.isPresent()) {
                throw refusal.apply(describe(host, port) + " is " + service.get() + " (" + address.getHostAddress() + "); "
                        + targets + " may not reach the platform's own services");
            }
        }
        if (allowList.admits(host, port)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = forbiddenKind(address);
            if (kind.isPresent()) {
                throw refusal.apply(describe(host, port) + " resolves to " + address.getHostAddress() + ", " + kind.get() + " address; "
                        + targets + " may not reach loopback, link-local, unspecified or multicast addresses unless "
                        + allowList.key() + " lists the host");
            }
        }
        if (!allowList.isEmpty()) {
            throw refusal.apply(describe(host, port) + " is not in " + allowList.key() + ", which admits only the hosts it lists");
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

    private static String describe(String host, int port) {
        return port == TargetAllowList.ANY_PORT ? host : host + ":" + port;
    }
}
