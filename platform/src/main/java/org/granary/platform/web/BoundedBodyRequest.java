package org.granary.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body is read through a {@link BoundedInputStream}: at most the platform's limit,
 * unless its handler streams the body itself ({@link StreamedBody}, marked on the request by
 * {@link BodyLimitInterceptor} before the handler runs).
 */
final class BoundedBodyRequest extends HttpServletRequestWrapper {
    static final String STREAMED_ATTRIBUTE = StreamedBody.class.getName();

    private final long maxBodyBytes;
    private BoundedInputStream body;
    private BufferedReader reader;

    BoundedBodyRequest(HttpServletRequest request, long maxBodyBytes) {
        super(request);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (body == null) {
            long limit = Boolean.TRUE.equals(getAttribute(STREAMED_ATTRIBUTE)) ? BoundedInputStream.UNLIMITED : maxBodyBytes;
            BodyLimitInterceptor.refuseDeclaredLengthOver(limit, getContentLengthLong());
            body = new BoundedInputStream(super.getInputStream(), getContentLengthLong(), limit,
                    refusal -> setAttribute(RequestDispatcher.ERROR_EXCEPTION, refusal));
        }
        return body;
    }

    /** The servlet API's reader over the same bounded stream. */
    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
        return reader;
    }
}
