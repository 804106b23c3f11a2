package org.granary.platform.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules on a fixed name table (TEST-NET addresses, never this machine's). */
class TargetAddressPolicyTest {
    private static final String KEY = "granary.test.allow-list";
    private static final Map<String, List<String>> NAMES = Map.of(
            "chat.example", List.of("203.0.113.7"),
            "localhost", List.of("127.0.0.1", "::1"),
            "metadata.internal", List.of("169.254.169.254"),
            "rebinding.example", List.of("203.0.113.5", "127.0.0.1"),
            "service.example", List.of("198.51.100.7"));
    private static final HostResolver RESOLVER = host -> {
        List<String> addresses = NAMES.get(host);
        if (addresses != null) {
            return addresses.stream().map(TargetAddressPolicyTest::literal).toList();
        }
        if (host.matches("[0-9.]+|[0-9a-f:]+")) {
            return List.of(literal(host));
        }
        throw new UnknownHostException(host + ": not in the test's name table");
    };

    /** The exception a service gives, to tell refusals from names that do not resolve. */
    static final class RefusedException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        RefusedException(String reason) {
            super(reason);
        }
    }

    @Test
    void withoutAnAllowListAdmitsPublicAddressesAndRefusesLoopbackLinkLocalUnspecifiedAndMulticast() throws Exception {
        TargetAddressPolicy policy = policy();
        assertThat(policy.admit("chat.example", 443)).containsExactly(literal("203.0.113.7"));
        assertRefused(policy, "localhost", 80, "localhost:80 resolves to 127.0.0.1, a loopback address; hooks may not reach loopback, "
                + "link-local, unspecified or multicast addresses unless " + KEY + " lists the host");
        assertRefused(policy, "127.8.9.10", 80, "a loopback address");
        assertRefused(policy, "[::1]", 9000, "a loopback address");
        assertRefused(policy, "metadata.internal", 80, "metadata.internal:80 resolves to 169.254.169.254, a link-local address");
        assertRefused(policy, "[fe80::1]", 9000, "a link-local address");
        assertRefused(policy, "0.0.0.0", 9000, "an unspecified address");
        assertRefused(policy, "224.0.0.1", 9000, "a multicast address");
        assertRefused(policy, "localhost", TargetAllowList.ANY_PORT, "localhost resolves to 127.0.0.1");
    }

    @Test
    void refusesAHostWhenAnyOfItsAddressesIsRefused() {
        assertRefused(policy(), "rebinding.example", 80, "resolves to 127.0.0.1, a loopback address");
    }

    @Test
    void aHostThatDoesNotResolveIsNotRefusedButUnknown() {
        assertThatThrownBy(() -> policy().admit("nowhere.example", 80)).isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(RefusedException.class);
    }

    @Test
    void anAllowListAdmitsTheHostsItListsEvenOnLoopbackAndOnlyThose() throws Exception {
        TargetAddressPolicy policy = policy("127.0.0.1", "localhost:8080", "[::1]:9001");
        assertThat(policy.admit("127.0.0.1", 9999)).isNotEmpty();
        assertThat(policy.admit("LOCALHOST", 8080)).as("host names compare without case").isNotEmpty();
        assertThat(policy.admit("[::1]", 9001)).isNotEmpty();
        assertRefused(policy, "localhost", 8081, "a loopback address");
        assertRefused(policy, "rebinding.example", 80, "a loopback address");
        assertRefused(policy, "chat.example", 443, "chat.example:443 is not in " + KEY + ", which admits only the hosts it lists");
    }

    @Test
    void refusesReservedServicesEvenWhenAllowListed() throws Exception {
        ReservedTargets reserved = (address, port) -> address.equals(literal("198.51.100.7")) && (port == 8090 || port == TargetAllowList.ANY_PORT)
                ? Optional.of("the archive node") : Optional.empty();
        TargetAddressPolicy policy = new TargetAddressPolicy(TargetAllowList.parse(KEY, List.of("service.example")), RESOLVER, "hooks",
                RefusedException::new, reserved);
        assertRefused(policy, "service.example", 8090,
                "service.example:8090 is the archive node (198.51.100.7); hooks may not reach the platform's own services");
        assertThat(policy.admit("service.example", 9000)).as("other ports of the host").isNotEmpty();
    }

    @Test
    void theResolverConnectsOnlyToAdmittedAddresses() throws Exception {
        TargetDnsResolver resolver = new TargetDnsResolver(policy());
        assertThat(resolver.resolve("chat.example", 9000)).extracting(address -> address.getAddress().getHostAddress() + ":"
                + address.getPort()).containsExactly("203.0.113.7:9000");
        assertThat(resolver.resolve("chat.example")).containsExactly(literal("203.0.113.7"));
        assertThatThrownBy(() -> resolver.resolve("rebinding.example", 80)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("a loopback address");
        assertThatThrownBy(() -> resolver.resolve("169.254.169.254")).isInstanceOf(RefusedException.class)
                .hasMessageContaining("a link-local address");
    }

    private static TargetAddressPolicy policy(String... allowList) {
        return new TargetAddressPolicy(TargetAllowList.parse(KEY, List.of(allowList)), RESOLVER, "hooks", RefusedException::new,
                ReservedTargets.NONE);
    }

    private static void assertRefused(TargetAddressPolicy policy, String host, int port, String reason) {
        assertThatThrownBy(() -> policy.admit(host, port)).isInstanceOf(RefusedException.class).hasMessageContaining(reason);
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
