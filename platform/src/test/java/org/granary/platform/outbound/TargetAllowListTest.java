package org.granary.platform.outbound;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetAllowListTest {
    private static final String KEY = "granary.test.allow-list";

    @Test
    void readsHostsPortsAndIpv6Entries() {
        assertThat(TargetAllowList.parse(KEY, List.of("Chat.Example", "chat.example:8443", "[::1]:8080", "::1", "[FE80::1]")).entries())
                .containsExactly(new TargetAllowList.Entry("chat.example", -1), new TargetAllowList.Entry("chat.example", 8443),
                        new TargetAllowList.Entry("::1", 8080), new TargetAllowList.Entry("::1", -1), new TargetAllowList.Entry("fe80::1", -1));
    }

    @Test
    void refusesMalformedEntriesNamingTheKeyAndTheEntry() {
        for (String malformed : List.of("chat.example:http", "chat.example:70000", ":80", "[::1", "[::1]x", "chat.example:0")) {
            assertThatThrownBy(() -> TargetAllowList.parse(KEY, List.of(malformed))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(KEY + ": '" + malformed + "' is not host or host:port (").hasNoCause();
        }
    }

    @Test
    void admitsHostsWithoutCaseAndPortsAsListed() {
        TargetAllowList allowList = TargetAllowList.parse(KEY, List.of("127.0.0.1", "localhost:8080", "[::1]:9001"));
        assertThat(allowList.admits("127.0.0.1", 9999)).isTrue();
        assertThat(allowList.admits("LOCALHOST", 8080)).isTrue();
        assertThat(allowList.admits("[::1]", 9001)).isTrue();
        assertThat(allowList.admits("localhost", 8081)).isFalse();
        assertThat(allowList.admits("127.0.0.2", 80)).as("hosts are compared as written, not resolved").isFalse();
        assertThat(allowList.isEmpty()).isFalse();
        assertThat(TargetAllowList.parse(KEY, List.of()).isEmpty()).isTrue();
    }
}
