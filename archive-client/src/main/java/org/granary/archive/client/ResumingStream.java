package org.granary.archive.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object's content as read from one node, going on from the next node should the first break
 * off: a node cuts off an answer when it finds its copy corrupt while sending it (or it dies).
 * What was read before the break is good, since a node verifies each block before it sends it,
 * so the rest is asked of the next node as a range from where the first stopped.
 */
final class ResumingStream extends InputStream {
    private static final Pattern SIMPLE_RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final String checksum;
    private final Iterator<ClusterNode> nextNodes;
    private final BiFunction<ClusterNode, String, Optional<InputStream>> open;
    private final long first;
    private final String last;
    private InputStream current;
    private long read;

    private ResumingStream(String checksum, InputStream current, Iterator<ClusterNode> nextNodes,
            BiFunction<ClusterNode, String, Optional<InputStream>> open, long first, String last) {
        this.checksum = checksum;
        this.current = current;
        this.nextNodes = nextNodes;
        this.open = open;
        this.first = first;
        this.last = last;
    }

    /**
     * The content of {@code current}, resumed from {@code nextNodes} when it breaks; a range other
     * than {@code bytes=a-} or {@code bytes=a-b} (a suffix, several) is not resumed.
     */
    static InputStream of(String checksum, String range, InputStream current, Iterator<ClusterNode> nextNodes,
            BiFunction<ClusterNode, String, Optional<InputStream>> open) {
        if (range == null) {
            return new ResumingStream(checksum, current, nextNodes, open, 0, "");
        }
        Matcher simple = SIMPLE_RANGE.matcher(range.strip());
        return simple.matches() ? new ResumingStream(checksum, current, nextNodes, open, Long.parseLong(simple.group(1)), simple.group(2))
                : current;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int count = read(one, 0, 1);
        return count < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            try {
                int count = current.read(buffer, offset, length);
                read += Math.max(count, 0);
                return count;
            } catch (IOException broken) {
                resume(broken);
            }
        }
    }

    /** Opens the rest on the next node that has a copy; rethrows {@code broken} when none has. */
    private void resume(IOException broken) throws IOException {
        closeQuietly(current);
        String rest = "bytes=" + (first + read) + "-" + last;
        while (nextNodes.hasNext()) {
            ClusterNode node = nextNodes.next();
            try {
                Optional<InputStream> resumed = open.apply(node, rest);
                if (resumed.isPresent()) {
                    current = resumed.get();
                    return;
                }
            } catch (ArchiveException e) {
                broken.addSuppressed(e);
            }
        }
        throw new IOException("reading " + checksum + " broke off after " + read + " bytes and no other node could give the rest: "
                + broken.getMessage(), broken);
    }

    @Override
    public void close() throws IOException {
        current.close();
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException | RuntimeException ignored) {
            // the stream broke already
        }
    }
}
