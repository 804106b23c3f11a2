package org.granary.archive.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FanoutTest {
    @Test
    void everyReaderGetsEveryByteInOrderWhileTheWriterStaysAFewChunksAhead() throws Exception {
        byte[] content = new byte[10 * 65_536 + 123];
        new Random(7).nextBytes(content);
        Fanout fanout = new Fanout(2);
        try (var readers = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> readAll(fanout.reader(0)), readers);
            CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> readAll(fanout.reader(1)), readers);
            for (int offset = 0; offset < content.length; offset += 65_536) {
                fanout.write(content, offset, Math.min(65_536, content.length - offset));
            }
            fanout.finish();

            assertThat(first.join()).isEqualTo(content);
            assertThat(second.join()).isEqualTo(content);
        }
    }

    @Test
    void aReaderThatStoppedMakesTheNextWritesFailInsteadOfBlocking() throws Exception {
        Fanout fanout = new Fanout(2);
        fanout.stopped(1);

        assertThatThrownBy(() -> fanout.write(new byte[16], 0, 16)).isInstanceOf(IOException.class).hasMessageContaining("copy 2 of 2 ended before the content did");
    }

    @Test
    void anAbortedStreamFailsEveryReaderSoNoCopyCompletes() throws Exception {
        Fanout fanout = new Fanout(2);
        fanout.write(new byte[] {1, 2, 3}, 0, 3);

        fanout.abort();

        for (int reader = 0; reader < 2; reader++) {
            InputStream in = fanout.reader(reader);
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("abandoned");
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
