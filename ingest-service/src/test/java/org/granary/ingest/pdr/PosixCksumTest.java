package org.granary.ingest.pdr;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CheckedInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PosixCksumTest {
    /** Values printed by GNU coreutils' cksum for the same input. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''|4294967295|0", "a|1220704766|1", "hello\\n|3015617425|6", "123456789|930766865|9"})
    void matchesTheCksumCommand(String text, long checksum, long length) {
        PosixCksum cksum = new PosixCksum();
        byte[] bytes = text.replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII);

        cksum.update(bytes, 0, bytes.length);

        assertThat(cksum.value()).isEqualTo(checksum);
        assertThat(cksum.length()).isEqualTo(length);
    }

    @Test
    void matchesTheCksumCommandOnLongerInput() {
        // printf '%s\n' $(seq 1 20000) | cksum, and head -c 100000 /dev/zero | cksum
        assertThat(checksum(numbers())).isEqualTo(3231941463L);
        assertThat(checksum(new byte[100_000])).isEqualTo(1260869142L);
    }

    @Test
    void givesTheSameValueWhicheverWayTheBytesArriveAndKeepsGoingAfterAValue() {
        byte[] bytes = numbers();
        PosixCksum chunked = new PosixCksum();
        for (int offset = 0; offset < bytes.length; offset += 4093) {
            chunked.update(bytes, offset, Math.min(4093, bytes.length - offset));
            chunked.value();
        }
        PosixCksum byteByByte = new PosixCksum();
        for (byte value : bytes) {
            byteByByte.update(value);
        }

        assertThat(chunked.value()).isEqualTo(3231941463L);
        assertThat(byteByByte.getValue()).isEqualTo(3231941463L);
        assertThat(byteByByte.length()).isEqualTo(bytes.length);
    }

    @Test
    void checksumsAStreamThroughCheckedInputStream() throws IOException {
        PosixCksum cksum = new PosixCksum();
        try (InputStream in = new CheckedInputStream(new ByteArrayInputStream(numbers()), cksum)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }

        assertThat(cksum.value()).isEqualTo(3231941463L);
    }

    @Test
    void eightBytesAtATimeAgreesWithOneByteAtATimeAtEveryOffsetAndLength() {
        byte[] bytes = new byte[300];
        new java.util.Random(42).nextBytes(bytes);
        for (int offset = 0; offset < 9; offset++) {
            for (int count = 0; count + offset <= bytes.length; count += 7) {
                PosixCksum sliced = new PosixCksum();
                PosixCksum byByte = new PosixCksum();
                sliced.update(bytes, offset, count);
                for (int i = offset; i < offset + count; i++) {
                    byByte.update(bytes[i]);
                }
                assertThat(sliced.value()).as("offset %d, %d bytes", offset, count).isEqualTo(byByte.value());
            }
        }
    }

    @Test
    void startsAgainAfterReset() {
        PosixCksum cksum = new PosixCksum();
        cksum.update("junk".getBytes(StandardCharsets.US_ASCII));
        cksum.reset();
        cksum.update("a".getBytes(StandardCharsets.US_ASCII));

        assertThat(cksum.value()).isEqualTo(1220704766L);
    }

    @Test
    void refusesARangeOutsideTheArray() {
        assertThatThrownBy(() -> new PosixCksum().update(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static long checksum(byte[] bytes) {
        PosixCksum cksum = new PosixCksum();
        cksum.update(bytes, 0, bytes.length);
        return cksum.value();
    }

    /** "1\n2\n...20000\n", the output of seq 1 20000. */
    private static byte[] numbers() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 20000; i++) {
            text.append(i).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
