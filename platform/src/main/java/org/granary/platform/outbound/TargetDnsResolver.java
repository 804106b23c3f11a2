package org.granary.platform.outbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import static java.util.Objects.requireNonNull;

/**
 * An outbound client's name resolution: every connection goes to addresses the
 * {@link TargetAddressPolicy} has just admitted, resolved once, so a name cannot resolve to a
 * public address for the check and to a forbidden one for the connection.
 */
public final class TargetDnsResolver implements DnsResolver {
    private final TargetAddressPolicy policy;

    public TargetDnsResolver(TargetAddressPolicy policy) {
        this.policy = requireNonNull(policy, "policy is null");
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return policy.admit(host, port).stream().map(address -> new InetSocketAddress(address, port)).toList();
    }

    /** Without a port, a reserved service on any port of the host's addresses counts. */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return policy.admit(host, TargetAllowList.ANY_PORT).toArray(InetAddress[]::new);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
