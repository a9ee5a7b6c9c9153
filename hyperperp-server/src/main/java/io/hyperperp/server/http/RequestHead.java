package io.hyperperp.server.http;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What the server reads of a request's headers before its route, found in one pass over them: their size
 * (for the 431 bound), the body's declared length and type, the CORS origin. A lookup by name through the
 * JDK's {@link Headers} copies the name into a new string on every call; an order's request made four.
 *
 * @param lines         header lines
 * @param bytes         bytes of the header lines (names, values, 4 per line)
 * @param contentLength the first {@code Content-Length}, or null
 * @param contentType   the first {@code Content-Type}, or null
 * @param origin        the first {@code Origin}, or null
 */
public record RequestHead(int lines, long bytes, String contentLength, String contentType, String origin) {

    /** Scans the request's headers once. */
    public static RequestHead of(Headers headers) {
        Scan scan = new Scan();
        headers.forEach(scan);
        return new RequestHead(scan.lines, scan.bytes, scan.contentLength, scan.contentType, scan.origin);
    }

    /** What the pass has found so far (mutable: it is filled by the pass, then read once). */
    private static final class Scan implements BiConsumer<String, List<String>> {
        private int lines;
        private long bytes;
        private String contentLength;
        private String contentType;
        private String origin;

        @Override
        public void accept(String name, List<String> values) {
            // By index: an iterator over the JDK's read-only linked lists is two objects per header.
            int n = values.size();
            for (int i = 0; i < n; i++) {
                lines++;
                bytes += name.length() + values.get(i).length() + 4;
            }
            if (n == 0) {
                return;
            }
            // The JDK's map holds names normalized (Content-length); compared regardless of case all the same.
            if (contentLength == null && name.equalsIgnoreCase("Content-Length")) {
                contentLength = values.get(0);
            } else if (contentType == null && name.equalsIgnoreCase("Content-Type")) {
                contentType = values.get(0);
            } else if (origin == null && name.equalsIgnoreCase("Origin")) {
                origin = values.get(0);
            }
        }
    }
}
