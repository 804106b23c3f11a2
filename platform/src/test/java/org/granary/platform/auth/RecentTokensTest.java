package org.granary.platform.auth;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentTokensTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final RecentTokens recent = new RecentTokens(Duration.ofSeconds(5), now::get);
    private final Caller station = new Caller(7, Role.STATION, "station 1");

    @Test
    void remembersACallerUntilItsTimeToLiveEnds() {
        recent.put("hash", station);

        now.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
        assertThat(recent.get("hash")).contains(station);
        now.addAndGet(1);
        assertThat(recent.get("hash")).isEmpty();
    }

    @Test
    void forgetsEverythingOnClear() {
        recent.put("hash", station);

        recent.clear();

        assertThat(recent.get("hash")).isEmpty();
    }

    @Test
    void aZeroTimeToLiveRemembersNothing() {
        RecentTokens off = new RecentTokens(Duration.ZERO, now::get);

        off.put("hash", station);

        assertThat(off.get("hash")).isEmpty();
    }

    @Test
    void staysBoundedWhenFloodedWithSecrets() {
        for (int i = 0; i <= RecentTokens.MAX_ENTRIES; i++) {
            recent.put("hash-" + i, station);
        }

        assertThat(recent.get("hash-" + RecentTokens.MAX_ENTRIES)).contains(station);
        assertThat(recent.get("hash-0")).isEmpty();
    }
}
