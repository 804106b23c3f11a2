package org.granary.platform.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.coyote.BadRequestException;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;

/**
 * A request body that counts what is read: past the limit it is refused with 413, whatever the
 * content type and whether or not a length was declared (a chunked body is refused when it passes
 * the limit, not buffered). A read that fails says why as a {@link GranaryException}, whoever reads
 * (a JSON converter, a handler streaming to disk): a body that stopped arriving (408) or ended
 * before its end (400). Tomcat has then already marked the response as failed, so the refusal is
 * also handed to {@code failedReads}, which leaves it where the error page renders it. Only a
 * client that went away (a reset connection) keeps its {@link IOException}: nobody is there to answer.
 */
final class BoundedInputStream extends ServletInputStream {
    static final long UNLIMITED = -1;

    private final ServletInputStream in;
    private final long declaredLength;
    private final long limit;
    private final Consumer<GranaryException> failedReads;
    private long received;

    BoundedInputStream(ServletInputStream in, long declaredLength, long limit, Consumer<GranaryException> failedReads) {
        this.in = in;
        this.declaredLength = declaredLength;
        this.limit = limit;
        this.failedReads = failedReads;
    }

    @Override
    public int read() throws IOException {
        int read;
        try {
            read = in.read();
        } catch (IOException e) {
            throw failed(e);
        }
        if (read >= 0) {
            counted(1);
        }
        return read;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read;
        try {
            read = in.read(buffer, offset, length);
        } catch (IOException e) {
            throw failed(e);
        }
        if (read > 0) {
            counted(read);
        }
        return read;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public boolean isFinished() {
        return in.isFinished();
    }

    @Override
    public boolean isReady() {
        return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void counted(int bytes) {
        received += bytes;
        if (limit != UNLIMITED && received > limit) {
            throw BodyLimitInterceptor.tooLarge(limit);
        }
    }

    /** Returns the failure to rethrow when the client went away; throws the refusal otherwise. */
    private IOException failed(IOException failure) {
        GranaryException refusal = refusal(failure);
        if (refusal == null) {
            return failure;
        }
        failedReads.accept(refusal);
        throw refusal;
    }

    /**
     * Tomcat hands every read failure on as a {@code ClientAbortException} (a {@link BadRequestException})
     * around what happened: a timeout, an end of stream, or a reset connection; only a body that is
     * not valid (a bad chunk) is a {@code BadRequestException} of its own.
     */
    private GranaryException refusal(IOException failure) {
        String progress = declaredLength >= 0 ? received + " of " + declaredLength + " bytes" : received + " bytes";
        if (cause(failure, SocketTimeoutException.class) != null) {
            return new GranaryException(ErrorCode.REQUEST_TIMEOUT, "the request body stopped arriving after " + progress
                    + ": no byte came within the read timeout", Map.of(), failure);
        }
        if (cause(failure, EOFException.class) != null) {
            String end = declaredLength >= 0 ? "" : ", before its last chunk";
            return new GranaryException(ErrorCode.MALFORMED_REQUEST, "the request body ended after " + progress + end, Map.of(), failure);
        }
        BadRequestException invalid = cause(failure, BadRequestException.class);
        if (invalid != null && !(invalid instanceof ClientAbortException)) {
            return new GranaryException(ErrorCode.MALFORMED_REQUEST, "the request body could not be read after " + progress
                    + ": " + invalid.getMessage(), Map.of(), failure);
        }
        return null;
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
