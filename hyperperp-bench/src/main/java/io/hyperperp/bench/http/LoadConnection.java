package io.hyperperp.bench.http;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * One keep-alive connection of {@link HttpLoad}: a non-blocking channel that the load's thread writes prepared
 * requests to and reads answers from, one request in flight at a time. It parses an answer
 * incrementally from a reused buffer (status line, {@code Content-Length}, {@code Connection: close}, and the
 * body, in which it only counts one marker) and allocates nothing per request, so the load generator has no
 * garbage to collect while it measures.
 */
final class LoadConnection {

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_CLOSE = "connection: close".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEAD = 16_384;

    private final InetSocketAddress address;
    private final byte[] marker;
    private byte[] buffer = new byte[65_536];
    private ByteBuffer view = ByteBuffer.wrap(buffer);
    private int limit;
    private int scanned;
    private int bodyStart = -1;
    private int bodyEnd;
    private int status;
    private boolean closeAfter;
    private SocketChannel channel;

    /** The request in flight (-1: none) and when it was due. */
    int request = -1;
    long due;
    /** When the last answer was read ({@link System#nanoTime()}): from then on the connection was free. */
    long freedAt;

    /** The last complete answer's status and marker count. */
    int lastStatus;
    int lastMarkers;

    LoadConnection(InetSocketAddress address, byte[] marker) {
        this.address = address;
        this.marker = marker;
    }

    /** Opens (or reopens) the connection and registers it for reading with {@code selector}, this as attachment. */
    void open(Selector selector, int timeoutMillis) throws IOException {
        close();
        SocketChannel c = SocketChannel.open();
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        c.socket().connect(address, timeoutMillis);
        c.configureBlocking(false);
        c.register(selector, SelectionKey.OP_READ, this);
        channel = c;
        limit = 0;
        scanned = 0;
        bodyStart = -1;
    }

    /** Writes a whole prepared request; a full socket buffer (a large batch) is waited out. */
    void send(ByteBuffer prepared) throws IOException {
        prepared.position(0);
        while (prepared.hasRemaining()) {
            if (channel.write(prepared) == 0) {
                LockSupport.parkNanos(10_000);
            }
        }
    }

    /**
     * Reads what has arrived.
     *
     * @return true when an answer is complete ({@link #lastStatus}, {@link #lastMarkers}); false when more is needed
     * @throws IOException when the server closed the connection or sent something that is not an HTTP answer
     */
    boolean read() throws IOException {
        if (limit == buffer.length) {
            grow(buffer.length * 2);
        }
        view.limit(buffer.length).position(limit);
        int r = channel.read(view);
        if (r < 0) {
            throw new EOFException("connection closed by the server");
        }
        limit += r;
        if (bodyStart < 0 && !parseHead()) {
            return false;
        }
        if (limit < bodyEnd) {
            return false;
        }
        lastStatus = status;
        lastMarkers = marker == null ? 0 : BenchConnection.count(buffer, bodyStart, bodyEnd, marker);
        int extra = limit - bodyEnd; // nothing, with one request in flight; kept if a server sent more
        System.arraycopy(buffer, bodyEnd, buffer, 0, extra);
        limit = extra;
        scanned = 0;
        bodyStart = -1;
        return true;
    }

    /** True when the last answer asked to close the connection. */
    boolean closeRequested() {
        return closeAfter;
    }

    private boolean parseHead() throws IOException {
        int end = indexOf(buffer, Math.max(0, scanned - 3), limit, HEAD_END);
        if (end < 0) {
            scanned = limit;
            if (limit > MAX_HEAD) {
                throw new IOException("answer head longer than " + MAX_HEAD + " bytes");
            }
            return false;
        }
        if (end < 12 || buffer[0] != 'H' || buffer[8] != ' ') {
            throw new IOException("not an HTTP answer");
        }
        status = (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
        closeAfter = indexOfIgnoreCase(buffer, 0, end, CONNECTION_CLOSE) >= 0;
        int at = indexOfIgnoreCase(buffer, 0, end, CONTENT_LENGTH);
        if (at < 0) {
            throw new IOException("answer without a Content-Length");
        }
        long length = 0;
        int i = at + CONTENT_LENGTH.length;
        while (i < end && buffer[i] == ' ') {
            i++;
        }
        for (; i < end && buffer[i] >= '0' && buffer[i] <= '9'; i++) {
            length = length * 10 + buffer[i] - '0';
            if (length > Integer.MAX_VALUE / 2) {
                throw new IOException("answer Content-Length too large");
            }
        }
        bodyStart = end + HEAD_END.length;
        bodyEnd = bodyStart + (int) length;
        if (bodyEnd > buffer.length) {
            grow(Math.max(bodyEnd, buffer.length * 2));
        }
        return true;
    }

    private void grow(int size) {
        byte[] bigger = new byte[size];
        System.arraycopy(buffer, 0, bigger, 0, limit);
        buffer = bigger;
        view = ByteBuffer.wrap(buffer);
    }

    private static int indexOf(byte[] bytes, int from, int to, byte[] what) {
        for (int i = from; i <= to - what.length; i++) {
            if (bytes[i] == what[0] && Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code what} is lower case; header names and the {@code close} token compare without case. */
    private static int indexOfIgnoreCase(byte[] bytes, int from, int to, byte[] what) {
        outer:
        for (int i = from; i <= to - what.length; i++) {
            for (int k = 0; k < what.length; k++) {
                int b = bytes[i + k];
                if (b >= 'A' && b <= 'Z') {
                    b += 'a' - 'A';
                }
                if (b != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    void close() {
        SocketChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close(); // also cancels its key
            } catch (IOException ignored) {
                // closing a failed connection: nothing to report
            }
        }
    }
}
