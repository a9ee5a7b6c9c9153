package io.hyperperp.bench.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection of the load generator: writes a POST, reads the status line, the headers and
 * exactly {@code Content-Length} bytes of body, which it skips. A load generator sharing the machine with the server
 * must cost little per request; the JDK {@code HttpClient} spends more CPU per request than the server does.
 * Reconnects after the server closes the connection. Not thread-safe: one per worker thread. Used by
 * {@code hyperperp bench --http} and {@link HttpCpuBench}.
 */
public final class BenchConnection implements AutoCloseable {

    private final String host;
    private final int port;
    private final String hostHeader;
    private final int timeoutMillis;
    private final byte[] line = new byte[8_192];
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    public BenchConnection(URI base, int timeoutMillis) {
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : 80;
        this.hostHeader = host + ":" + port;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends {@code POST path} with a JSON body and the given extra headers.
     *
     * @return the response status
     * @throws IOException when the connection fails (the next call reconnects)
     */
    public int post(String path, byte[] body, Map<String, String> headers) throws IOException {
        try {
            connect();
            StringBuilder head = new StringBuilder(160).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(hostHeader).append("\r\nContent-Type: application/json\r\nContent-Length: ")
                    .append(body.length).append("\r\n");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
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
        in = new BufferedInputStream(s.getInputStream(), 16_384);
    }

    private int readResponse() throws IOException {
        int n = readLine();
        if (n < 12 || line[0] != 'H' || line[8] != ' ') {
            throw new IOException("not an HTTP response: " + new String(line, 0, n, StandardCharsets.US_ASCII));
        }
        int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        long length = -1;
        boolean close = false;
        while ((n = readLine()) > 0) {
            String header = new String(line, 0, n, StandardCharsets.US_ASCII);
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(header.substring(15).trim());
            } else if (header.regionMatches(true, 0, "Connection:", 0, 11)) {
                close = header.substring(11).trim().equalsIgnoreCase("close");
            }
        }
        if (length < 0) {
            throw new IOException("response without Content-Length");
        }
        in.skipNBytes(length);
        if (close) {
            close();
        }
        return status;
    }

    private int readLine() throws IOException {
        int n = 0;
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (c != '\r' && n < line.length) {
                line[n++] = (byte) c;
            }
        }
        return n;
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
