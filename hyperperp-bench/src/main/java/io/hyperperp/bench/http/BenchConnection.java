package io.hyperperp.bench.http;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection of the load generator: writes a POST, reads the status line, the headers and
 * exactly {@code Content-Length} bytes of body, the whole answer within the timeout ({@link DeadlineInput}). A load
 * generator sharing the machine with the server must cost little per request (the JDK {@code HttpClient} spends more
 * CPU per request than the server does), so it parses nothing of the body: it only counts the occurrences of one
 * marker in it ({@link #markerCount()}), which is how {@link HttpLoad} checks that a batch answer holds one accepted
 * result per order. Reconnects after the server closes the connection. Not thread-safe: one per worker thread. Used
 * by {@code hyperperp bench --http} and {@link HttpCpuBench}.
 */
public final class BenchConnection implements AutoCloseable {

    private static final int MAX_LINE = 8_192;

    private final String host;
    private final int port;
    private final String hostHeader;
    private final int timeoutMillis;
    private final byte[] marker;
    private final byte[] in = new byte[65_536];
    private int inPos;
    private int inLimit;
    private byte[] body = new byte[65_536];
    private int markerCount;
    private Socket socket;
    private OutputStream out;
    /** The current answer's input: a new {@link DeadlineInput} per answer, so the timeout bounds the whole answer. */
    private InputStream socketIn;

    /** A connection that does not look into answers. */
    public BenchConnection(URI base, int timeoutMillis) {
        this(base, timeoutMillis, null);
    }

    /**
     * A connection that counts {@code marker} in every answer's body.
     *
     * @param marker the bytes to count, or null to count nothing
     */
    public BenchConnection(URI base, int timeoutMillis, byte[] marker) {
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : 80;
        this.hostHeader = host + ":" + port;
        this.timeoutMillis = timeoutMillis;
        this.marker = marker == null || marker.length == 0 ? null : marker.clone();
    }

    /**
     * Sends {@code POST path} with a JSON body and the given extra headers.
     *
     * @return the response status
     * @throws IOException when the connection fails (the next call reconnects)
     */
    public int post(String path, byte[] requestBody, Map<String, String> headers) throws IOException {
        try {
            connect();
            StringBuilder head = new StringBuilder(160).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(hostHeader).append("\r\nContent-Type: application/json\r\nContent-Length: ")
                    .append(requestBody.length).append("\r\n");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(requestBody);
            out.flush();
            socketIn = new DeadlineInput(socket, System.nanoTime() + timeoutMillis * 1_000_000L);
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** How often the marker occurred in the last answer's body (0 without a marker). */
    public int markerCount() {
        return markerCount;
    }

    private void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        socket = s;
        out = new BufferedOutputStream(s.getOutputStream(), 16_384);
        inPos = 0;
        inLimit = 0;
    }

    private int readResponse() throws IOException {
        int start = lineEnd();
        int n = inPos - start;
        if (n < 12 || in[start] != 'H' || in[start + 8] != ' ') {
            throw new IOException("not an HTTP response: " + new String(in, start, Math.min(n, 80),
                    StandardCharsets.US_ASCII));
        }
        int status = (in[start + 9] - '0') * 100 + (in[start + 10] - '0') * 10 + (in[start + 11] - '0');
        long length = -1;
        boolean close = false;
        while (true) {
            start = lineEnd();
            if (inPos - start <= 2) {
                break;
            }
            String header = new String(in, start, inPos - start, StandardCharsets.US_ASCII).trim();
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(header.substring(15).trim());
            } else if (header.regionMatches(true, 0, "Connection:", 0, 11)) {
                close = header.substring(11).trim().equalsIgnoreCase("close");
            }
        }
        if (length < 0 || length > Integer.MAX_VALUE - 16) {
            throw new IOException("response without a usable Content-Length");
        }
        readBody((int) length);
        if (close) {
            close();
        }
        return status;
    }

    /** Reads up to and including the next LF; returns where the line started ({@code inPos} is past it). */
    private int lineEnd() throws IOException {
        while (true) {
            for (int i = inPos; i < inLimit; i++) {
                if (in[i] == '\n') {
                    int start = inPos;
                    inPos = i + 1;
                    return start;
                }
            }
            if (inLimit - inPos >= MAX_LINE) {
                throw new IOException("response line longer than " + MAX_LINE + " bytes");
            }
            fill();
        }
    }

    /** Moves what is left to the front and reads more; EOF is an error (an answer was due). */
    private void fill() throws IOException {
        if (inPos > 0) {
            System.arraycopy(in, inPos, in, 0, inLimit - inPos);
            inLimit -= inPos;
            inPos = 0;
        }
        int r = socketIn.read(in, inLimit, in.length - inLimit);
        if (r < 0) {
            throw new EOFException("connection closed by the server");
        }
        inLimit += r;
    }

    private void readBody(int length) throws IOException {
        markerCount = 0;
        if (marker == null) {
            skip(length);
            return;
        }
        if (body.length < length) {
            body = new byte[Math.max(length, body.length * 2)];
        }
        int have = Math.min(length, inLimit - inPos);
        System.arraycopy(in, inPos, body, 0, have);
        inPos += have;
        while (have < length) {
            int r = socketIn.read(body, have, length - have);
            if (r < 0) {
                throw new EOFException("connection closed by the server");
            }
            have += r;
        }
        markerCount = count(body, length, marker);
    }

    private void skip(int length) throws IOException {
        int left = length;
        while (true) {
            int have = Math.min(left, inLimit - inPos);
            inPos += have;
            left -= have;
            if (left == 0) {
                return;
            }
            inPos = 0;
            inLimit = 0;
            fill();
        }
    }

    /** Occurrences of {@code marker} in {@code bytes[0, length)}, not overlapping. */
    static int count(byte[] bytes, int length, byte[] marker) {
        return count(bytes, 0, length, marker);
    }

    /** Occurrences of {@code marker} in {@code bytes[from, to)}, not overlapping. */
    static int count(byte[] bytes, int from, int to, byte[] marker) {
        int found = 0;
        byte first = marker[0];
        int last = to - marker.length;
        for (int i = from; i <= last; i++) {
            if (bytes[i] == first && Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length)) {
                found++;
                i += marker.length - 1;
            }
        }
        return found;
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a failed connection: nothing to report
            }
        }
    }
}
