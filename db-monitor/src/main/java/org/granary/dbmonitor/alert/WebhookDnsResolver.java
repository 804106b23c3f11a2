package org.granary.dbmonitor.alert;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import static java.util.Objects.requireNonNull;

/** The webhook client's name resolution: every connection goes to addresses the {@link WebhookPolicy} has just admitted. */
final class WebhookDnsResolver implements DnsResolver {
    private static final int ANY_PORT = -1;

    private final WebhookPolicy policy;

    WebhookDnsResolver(WebhookPolicy policy) {
        this.policy = requireNonNull(policy, "policy is null");
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return policy.admit(host, port).stream().map(address -> new InetSocketAddress(address, port)).toList();
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return policy.admit(host, ANY_PORT).toArray(InetAddress[]::new);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
