package org.granary.platform.web;

import java.util.regex.Pattern;

/**
 * Finds {@code .} and {@code ..} segments in a raw request path, also percent-encoded
 * ({@code %2e%2e}), behind an encoded slash ({@code ..%2f}) or before path parameters
 * ({@code ..;x}). The services have no path that needs them: such a request is a mistake or an
 * attempt to reach what the path does not name.
 */
final class DotSegments {
    private static final Pattern ENCODED_DOT = Pattern.compile("%2e", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENCODED_SLASH = Pattern.compile("%2f", Pattern.CASE_INSENSITIVE);

    private DotSegments() {
    }

    static boolean presentIn(String rawPath) {
        if (rawPath == null || (rawPath.indexOf('.') < 0 && rawPath.indexOf('%') < 0)) {
            return false;
        }
        String path = rawPath.indexOf('%') < 0 ? rawPath
                : ENCODED_SLASH.matcher(ENCODED_DOT.matcher(rawPath).replaceAll(".")).replaceAll("/");
        for (String segment : path.split("/", -1)) {
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (name.equals(".") || name.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
