package org.granary.platform.problem;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import org.apache.tomcat.util.res.StringManager;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerProblemsTest {
    @Test
    void aHeadTomcatFindsTooLargeIs431() {
        String tomcatSays = StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

        ProblemDetail problem = ContainerProblems.refusal(400, new IllegalArgumentException(tomcatSays), null).orElseThrow();

        assertThat(problem.getStatus()).isEqualTo(431);
        assertThat(problem.getProperties()).containsEntry("code", "headers-too-large").containsEntry("fault", "caller");
    }

    @Test
    void aRequestLineTomcatCannotReadIsMalformedInTomcatsWords() {
        ProblemDetail fromMessage = ContainerProblems.refusal(400, null, "Invalid URI").orElseThrow();
        ProblemDetail fromException = ContainerProblems.refusal(400,
                new IllegalArgumentException("Invalid character found in the request target [/a b ]\nmore"), "").orElseThrow();

        assertThat(fromMessage.getDetail()).isEqualTo("the request could not be read: Invalid URI");
        assertThat(fromException.getDetail()).isEqualTo("the request could not be read: Invalid character found in the request target [/a b ]");
        assertThat(fromException.getProperties()).containsEntry("code", "malformed-request");
    }

    @Test
    void bodiesThatStopOrEndEarlyAreTheCallers() {
        assertThat(ContainerProblems.refusal(400, new SocketTimeoutException(), null).orElseThrow().getStatus()).isEqualTo(408);
        assertThat(ContainerProblems.refusal(408, null, null).orElseThrow().getProperties()).containsEntry("code", "request-timeout");
        assertThat(ContainerProblems.refusal(400, new EOFException(), null).orElseThrow().getDetail()).contains("ended before");
    }

    @Test
    void anUnmappedPathIsNotFound() {
        assertThat(ContainerProblems.refusal(404, null, null).orElseThrow().getProperties()).containsEntry("code", "not-found");
    }

    @Test
    void ourOwnFailuresAndRefusalsAreNotTheContainersToRender() {
        assertThat(ContainerProblems.refusal(500, new IllegalStateException("bug"), null)).isEmpty();
        assertThat(ContainerProblems.refusal(400, new GranaryException(ErrorCode.INVALID_REQUEST, "dots"), null)).isEmpty();
    }
}
