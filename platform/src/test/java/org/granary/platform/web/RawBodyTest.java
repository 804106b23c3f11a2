package org.granary.platform.web;

import jakarta.servlet.ServletInputStream;
import java.nio.charset.StandardCharsets;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawBodyTest {
    private static final int LIMIT = 16;

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() {
        MockHttpServletRequest request = new MockHttpServletRequest() {
            @Override
            public long getContentLengthLong() {
                return LIMIT + 1;
            }

            @Override
            public ServletInputStream getInputStream() {
                throw new AssertionError("the body was read: a client expecting 100 Continue would have been asked to send it");
            }
        };

        assertThatThrownBy(() -> RawBody.readAtMost(request, LIMIT, "a note is at most 16 bytes"))
                .isInstanceOfSatisfying(GranaryException.class, refused -> assertThat(refused.errorCode()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE))
                .hasMessageContaining("a note is at most 16 bytes");
    }

    @Test
    void aBodyWithoutALengthIsRefusedOnceItPassesTheLimit() {
        MockHttpServletRequest request = new MockHttpServletRequest() {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.setContent("seventeen bytes!!".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> RawBody.readAtMost(request, LIMIT, "a note is at most 16 bytes"))
                .isInstanceOfSatisfying(GranaryException.class, refused -> assertThat(refused.errorCode()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }

    @Test
    void aBodyUpToTheLimitIsReturnedWhole() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setContent("sixteen bytes!!!".getBytes(StandardCharsets.US_ASCII));

        assertThat(new String(RawBody.readAtMost(request, LIMIT, "a note is at most 16 bytes"), StandardCharsets.US_ASCII)).isEqualTo("sixteen bytes!!!");
    }
}
