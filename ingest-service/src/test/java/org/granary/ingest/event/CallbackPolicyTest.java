package org.granary.ingest.event;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.granary.platform.outbound.HostResolver;
import org.granary.platform.outbound.TargetDnsResolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The callback rules on a fixed name table (TEST-NET addresses, never this machine's). */
class CallbackPolicyTest {
    private static final int INGEST_PORT = 8080;
    private static final Map<String, List<String>> NAMES = Map.of(
            "subscriber.example", List.of("192.0.2.10"),
            "archive-1.example", List.of("198.51.100.7"),
            "localhost", List.of("127.0.0.1", "::1"),
            "rebinding.example", List.of("203.0.113.5", "127.0.0.1"),
            "planner.internal", List.of("127.0.0.1"));
    private static final HostResolver RESOLVER = host -> {
        List<String> addresses = NAMES.get(host);
        if (addresses != null) {
            return addresses.stream().map(CallbackPolicyTest::literal).toList();
        }
        if (host.matches("[0-9.]+|[0-9a-f:]+")) {
            return List.of(literal(host));
        }
        throw new UnknownHostException(host + ": not in the test's name table");
    };

    @Test
    void admitsAPublicHttpOrHttpsCallback() throws Exception {
        CallbackPolicy policy = policy();

        assertThat(policy.check("http://subscriber.example:9000/events")).isEqualTo(URI.create("http://subscriber.example:9000/events"));
        assertThat(policy.check("HTTPS://subscriber.example/events")).isEqualTo(URI.create("HTTPS://subscriber.example/events"));
        assertThat(policy.admit("subscriber.example", 9000)).containsExactly(literal("192.0.2.10"));
    }

    @Test
    void refusesOtherSchemesUserInformationAndUrlsWithoutAHost() {
        CallbackPolicy policy = policy();

        assertRefused(policy, "ftp://subscriber.example/events", "must be an http or https URL");
        assertRefused(policy, "/events", "must be an http or https URL");
        assertRefused(policy, "http://operator:secret@subscriber.example/events", "must not carry a user name or password");
        assertRefused(policy, "http://under_score:9000/events", "has no host name or address");
        assertRefused(policy, "http://subscriber.example/an event", "is not a URL");
    }

    @Test
    void refusesLoopbackLinkLocalUnspecifiedAndMulticastAddresses() {
        CallbackPolicy policy = policy();

        assertRefused(policy, "http://127.0.0.1:9000/events", "127.0.0.1:9000 resolves to 127.0.0.1, a loopback address");
        assertRefused(policy, "http://127.8.9.10:9000/events", "a loopback address");
        assertRefused(policy, "http://[::1]:9000/events", "a loopback address");
        assertRefused(policy, "http://localhost:9000/events", "a loopback address");
        assertRefused(policy, "http://169.254.169.254/latest/meta-data/", "169.254.169.254:80 resolves to 169.254.169.254, a link-local address");
        assertRefused(policy, "http://[fe80::1]:9000/events", "a link-local address");
        assertRefused(policy, "http://0.0.0.0:9000/events", "an unspecified address");
        assertRefused(policy, "http://224.0.0.1:9000/events", "a multicast address");
    }

    @Test
    void refusesAHostWhenAnyOfItsAddressesIsRefused() {
        assertRefused(policy(), "http://rebinding.example/events", "resolves to 127.0.0.1, a loopback address");
    }

    @Test
    void refusesThePlatformsOwnServices() {
        CallbackPolicy policy = policy("127.0.0.1");

        assertRefused(policy, "http://127.0.0.1:" + INGEST_PORT + "/subscriptions", "is ingest-service itself");
        assertRefused(policy, "http://localhost:" + INGEST_PORT + "/subscriptions", "is ingest-service itself");
        assertRefused(policy, "http://archive-1.example:8090/objects", "is the archive node http://archive-1.example:8090");
        assertRefused(policy, "http://198.51.100.7:8090/objects", "is the archive node http://archive-1.example:8090");
    }

    @Test
    void admitsOtherPortsOfAnArchiveNodesHost() throws Exception {
        assertThat(policy().check("http://archive-1.example:9000/events")).isNotNull();
    }

    @Test
    void anAllowListAdmitsTheHostsItListsEvenOnLoopbackAndOnlyThose() throws Exception {
        CallbackPolicy policy = policy("127.0.0.1:9000", "planner.internal", "[::1]:9001");

        assertThat(policy.check("http://127.0.0.1:9000/events")).isNotNull();
        assertThat(policy.check("http://planner.internal:8081/events")).isNotNull();
        assertThat(policy.check("http://PLANNER.internal:8082/events")).as("host names compare without case").isNotNull();
        assertThat(policy.check("http://[::1]:9001/events")).isNotNull();
        assertRefused(policy, "http://127.0.0.1:9001/events", "a loopback address");
        assertRefused(policy, "http://subscriber.example/events", "subscriber.example:80 is not in granary.ingest.events.callback-allow-list");
    }

    @Test
    void aHostThatDoesNotResolveIsNotAdmitted() {
        assertThatThrownBy(() -> policy().check("http://nowhere.example/events")).isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(CallbackRefusedException.class);
    }

    @Test
    void theResolverOfDeliveriesRefusesWithTheCallbackException() {
        TargetDnsResolver resolver = new TargetDnsResolver(policy().addresses());

        assertThatThrownBy(() -> resolver.resolve("rebinding.example", 80)).isInstanceOf(CallbackRefusedException.class)
                .hasMessageContaining("a loopback address");
    }

    private static CallbackPolicy policy(String... allowList) {
        OwnServices own = new OwnServices(RESOLVER, () -> List.of("http://archive-1.example:8090"));
        own.servingOn(INGEST_PORT);
        return new CallbackPolicy(List.of(allowList), own, RESOLVER);
    }

    private static void assertRefused(CallbackPolicy policy, String url, String reason) {
        assertThatThrownBy(() -> policy.check(url)).isInstanceOf(CallbackRefusedException.class).hasMessageContaining(reason);
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
