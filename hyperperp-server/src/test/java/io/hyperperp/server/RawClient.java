package io.hyperperp.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A raw TCP client for requests no HTTP library would send: it writes bytes and reads what comes back. */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    RawClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Half-closes: the server sees the end of the request stream and can still answer. */
    RawClient halfClose() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    /** One response head and its Content-Length body; null when the server closes without an answer. */
    Response read() throws IOException {
        String head = readHead();
        if (head == null) {
            return null;
        }
        int status = Integer.parseInt(head.substring(9, 12));
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = status >= 200 ? in.readNBytes(length) : new byte[0];
        return new Response(status, head, new String(body, StandardCharsets.UTF_8));
    }

    /** Reads a head without a body (a HEAD answer or an interim 1xx). */
    Response readHeadOnly() throws IOException {
        String head = readHead();
        return head == null ? null : new Response(Integer.parseInt(head.substring(9, 12)), head, "");
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        try {
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
                }
                head.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        } catch (SocketException e) {
            // reset by the server: closed without an answer
            return null;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** True when the server closes the connection within the socket timeout (EOF or reset). */
    boolean closedByServer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            while (in.read() >= 0) {
                // discard anything sent before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /**
     * Reads to the end of the connection: true when the server closed it in order (a FIN: the read ends), false when
     * the kernel reset it (the server closed with request bytes unread); fails when it stays open for the timeout.
     */
    boolean endsWithFin(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            while (in.read() >= 0) {
                // discard anything sent before the close
            }
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Response(int status, String head, String body) {
        boolean closes() {
            return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close");
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /**
     * A socket that has sent {@code GET /v1/stream?channels=...} (with {@code Last-Event-ID} unless null) to the server
     * on {@code port}; reads time out after 10 s.
     */
    static Socket openStream(int port, String channels, String lastEventId) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET /v1/stream?channels=" + channels + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /**
     * Reads a socket byte by byte until {@code text} has arrived (chunk framing and all) or the connection ends;
     * the socket's timeout fails a caller that waits too long.
     */
    static String readUntil(Socket s, String text) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf(text) < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            seen.append((char) b);
        }
        return seen.toString();
    }
}
