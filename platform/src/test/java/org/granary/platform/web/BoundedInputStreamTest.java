package org.granary.platform.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.coyote.BadRequestException;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedInputStreamTest {
    /** What would be left for the error page. */
    private final List<GranaryException> failedReads = new ArrayList<>();

    @Test
    void readsABodyWithinTheLimitWhole() throws IOException {
        BoundedInputStream body = new BoundedInputStream(new Body(new byte[100], null), 100, 100, failedReads::add);

        assertThat(body.readAllBytes()).hasSize(100);
    }

    @Test
    void refusesABodyWithoutALengthOnceItPassesTheLimit() {
        Body sent = new Body(new byte[10_000], null);
        BoundedInputStream body = new BoundedInputStream(sent, -1, 1000, failedReads::add);

        assertThatThrownBy(body::readAllBytes).isInstanceOfSatisfying(GranaryException.class,
                refused -> assertThat(refused.errorCode()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
        assertThat(sent.served).as("what was read before the refusal").isLessThanOrEqualTo(1000 + Body.PIECE);
    }

    @Test
    void aStreamedBodyHasNoLimit() throws IOException {
        assertThat(new BoundedInputStream(new Body(new byte[10_000], null), -1, BoundedInputStream.UNLIMITED, failedReads::add).readAllBytes())
                .hasSize(10_000);
    }

    @Test
    void aBodyThatStopsArrivingIs408AndLeftForTheErrorPage() {
        BoundedInputStream body = new BoundedInputStream(
                new Body(new byte[30], new ClientAbortException(new SocketTimeoutException("Read timed out"))), 100, 1000, failedReads::add);

        assertThatThrownBy(body::readAllBytes).isInstanceOfSatisfying(GranaryException.class, refused -> {
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.REQUEST_TIMEOUT);
            assertThat(refused.getMessage()).contains("stopped arriving after 30 of 100 bytes");
        });
        assertThat(failedReads).singleElement().extracting(GranaryException::errorCode).isEqualTo(ErrorCode.REQUEST_TIMEOUT);
    }

    @Test
    void aBodyThatEndsEarlySaysHowFarItCame() {
        BoundedInputStream declared = new BoundedInputStream(new Body(new byte[30], new ClientAbortException(new EOFException())),
                100, 1000, failedReads::add);
        BoundedInputStream chunked = new BoundedInputStream(new Body(new byte[30], new ClientAbortException(new EOFException())),
                -1, 1000, failedReads::add);

        assertThatThrownBy(declared::readAllBytes).hasMessage("the request body ended after 30 of 100 bytes");
        assertThatThrownBy(chunked::readAllBytes).hasMessage("the request body ended after 30 bytes, before its last chunk");
    }

    @Test
    void aBadChunkIsMalformed() {
        BoundedInputStream body = new BoundedInputStream(new Body(new byte[5], new BadRequestException("Invalid chunk header")),
                -1, 1000, failedReads::add);

        assertThatThrownBy(body::readAllBytes).isInstanceOfSatisfying(GranaryException.class, refused -> {
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
            assertThat(refused.getMessage()).endsWith("Invalid chunk header");
        });
    }

    @Test
    void aClientThatWentAwayKeepsItsIOException() {
        ClientAbortException reset = new ClientAbortException(new SocketException("Connection reset"));
        BoundedInputStream body = new BoundedInputStream(new Body(new byte[5], reset), 100, 1000, failedReads::add);

        assertThatThrownBy(body::readAllBytes).isSameAs(reset);
        assertThat(failedReads).isEmpty();
    }

    /** A body that serves its bytes a piece at a time, then fails as given (or ends). */
    private static final class Body extends ServletInputStream {
        static final int PIECE = 64;
        private final ByteArrayInputStream bytes;
        private final IOException failure;
        private int served;

        Body(byte[] content, IOException failure) {
            this.bytes = new ByteArrayInputStream(content);
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = bytes.read(buffer, offset, Math.min(length, PIECE));
            if (read < 0 && failure != null) {
                throw failure;
            }
            served += Math.max(read, 0);
            return read;
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("blocking reads only");
        }
    }
}
