package org.granary.ingest.event;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import static java.util.Objects.requireNonNull;

/**
 * The delivery client's name resolution: every connection to a subscriber goes to addresses the
 * {@link CallbackPolicy} has just admitted, resolved once, so a name cannot resolve to a public
 * address for the check and to a forbidden one for the connection.
 */
final class CallbackDnsResolver implements DnsResolver {
    private final CallbackPolicy policy;

    CallbackDnsResolver(CallbackPolicy policy) {
        this.policy = requireNonNull(policy, "policy is null");
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return policy.admit(host, port).stream().map(address -> new InetSocketAddress(address, port)).toList();
    }

    /** Without a port, any service of the platform on the host's addresses counts. */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return policy.admit(host, OwnServices.ANY_PORT).toArray(InetAddress[]::new);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
