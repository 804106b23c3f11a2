package org.granary.archive.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link StreamedPut} against real HTTP servers: however the content fails, no copy completes and no copy thread is left waiting. */
class StreamedPutTest {
    private static final String CHECKSUM = "0".repeat(64);
    private static final int SIZE = 3 << 20;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a copy thread left waiting for chunks hangs the pool's close for ever
    void contentThatFailsWithAnUncheckedExceptionAbandonsEveryCopyAndIsRethrown() throws Exception {
        IllegalStateException refused = new IllegalStateException("the request body was too slow");
        try (ScriptedNode first = new ScriptedNode(new byte[0], 201); ScriptedNode second = new ScriptedNode(new byte[0], 201);
                NodeClient client = new NodeClient("secret")) {
            ExecutorService copyThreads = Executors.newCachedThreadPool();
            ClusterMap map = new ClusterMap(1, 2, List.of(first.node(), new ClusterNode("scripted-2", second.node().url(), 1,
                    NodeState.ACTIVE)));

            assertThatThrownBy(() -> new StreamedPut(client, copyThreads).put(map, CHECKSUM, new FailingAfterOneMebibyte(refused), SIZE,
                    "test", null)).isSameAs(refused);

            copyThreads.shutdown();
            assertThat(copyThreads.awaitTermination(1, TimeUnit.MINUTES)).as("every copy thread ended").isTrue();
            assertThat(first.received()).allSatisfy(request -> assertThat(request.bodyBytes()).isLessThan(SIZE));
            assertThat(second.received()).allSatisfy(request -> assertThat(request.bodyBytes()).isLessThan(SIZE));
        }
    }

    /** One MiB of content, then the failure a request body's reader throws when the platform refuses the body. */
    private static final class FailingAfterOneMebibyte extends InputStream {
        private final RuntimeException failure;
        private int given;

        FailingAfterOneMebibyte(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (given >= 1 << 20) {
                throw failure;
            }
            int count = Math.min(length, (1 << 20) - given);
            given += count;
            return count;
        }
    }
}
