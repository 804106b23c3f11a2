package org.granary.ingest.event;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;

import org.granary.platform.outbound.HostResolver;
import org.granary.platform.outbound.ReservedTargets;
import org.granary.platform.outbound.TargetAllowList;

import static java.util.Objects.requireNonNull;

/**
 * The platform's own services, which callbacks may never reach: this ingest-service (every port it
 * serves on, on any address of this machine) and the archive nodes it knows.
 */
final class OwnServices implements ReservedTargets {
    /** A port to match any port, when the caller does not know it. */
    static final int ANY_PORT = TargetAllowList.ANY_PORT;

    private final HostResolver resolver;
    private final Supplier<List<String>> archiveNodeUrls;
    private final Set<Integer> ownPorts = new CopyOnWriteArraySet<>();

    OwnServices(HostResolver resolver, Supplier<List<String>> archiveNodeUrls) {
        this.resolver = requireNonNull(resolver, "resolver is null");
        this.archiveNodeUrls = requireNonNull(archiveNodeUrls, "archiveNodeUrls is null");
    }

    /** Records a port this service answers on (its web server, a management server). */
    void servingOn(int port) {
        ownPorts.add(port);
    }

    /** What the address and port are, when they are one of the platform's services. */
    @Override
    public Optional<String> identify(InetAddress address, int port) {
        if (isThisMachine(address) && ownPorts.stream().anyMatch(own -> matches(own, port))) {
            return Optional.of("ingest-service itself");
        }
        for (String url : archiveNodeUrls.get()) {
            if (isNode(URI.create(url), address, port)) {
                return Optional.of("the archive node " + url);
            }
        }
        return Optional.empty();
    }

    private boolean isNode(URI node, InetAddress address, int port) {
        if (node.getHost() == null || !matches(defaultPort(node), port)) {
            return false;
        }
        try {
            for (InetAddress nodeAddress : resolver.resolve(TargetAllowList.normalized(node.getHost()))) {
                if (nodeAddress.equals(address) || (isThisMachine(nodeAddress) && isThisMachine(address))) {
                    return true;
                }
            }
        } catch (UnknownHostException unresolved) {
            return false; // a node whose name does not resolve cannot be reached by a callback either
        }
        return false;
    }

    static int defaultPort(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private static boolean matches(int servicePort, int port) {
        return port == ANY_PORT || servicePort == port;
    }

    /** Loopback, unspecified or an address of one of this machine's interfaces. */
    static boolean isThisMachine(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
