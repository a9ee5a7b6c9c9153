package io.hyperperp.cli.client;

import io.hyperperp.bench.http.DeadlineInput;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request over a plain socket ({@code Connection: close}), for {@code http://} servers.
 * A client command makes one or two requests and exits, and the JDK {@code HttpClient} costs it more
 * than the rest of the command: building one sets up TLS (the default SSL context reads and parses
 * the CA certificates) and its selector thread even for a plain-text URL, and
 * {@code HttpURLConnection} cannot send PATCH. Reads a body by {@code Content-Length}, chunked, or to
 * the end of the connection.
 */
final class PlainHttp {

    /** An answer: status, the Content-Type header ("" when absent) and the body as UTF-8. */
    record Response(int status, String contentType, String body) {
    }

    private static final int MAX_HEAD_LINE = 16_384;
    /** Longest answer body read: far above any answer of the API, far below what a client's memory holds. */
    static final int MAX_BODY = 64 << 20;

    private PlainHttp() {
    }

    static Response send(URI uri, String method, Map<String, String> headers, byte[] body, int timeoutMillis)
            throws IOException {
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target)
                    .append(" HTTP/1.1\r\nHost: ").append(host).append(uri.getPort() > 0 ? ":" + port : "")
                    .append("\r\nConnection: close\r\nAccept: application/json\r\n");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            if (body.length > 0 || !"GET".equals(method) && !"DELETE".equals(method)) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            // The timeout bounds the whole answer: a read timeout alone lets a byte every few seconds go on forever.
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            return read(new BufferedInputStream(new DeadlineInput(socket, deadline)));
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line: " + statusLine, e);
        }
        long length = -1;
        boolean chunked = false;
        String contentType = "";
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = parseLength(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "content-type" -> contentType = value;
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            body = chunked(in);
        } else if (length >= 0) {
            if (length > MAX_BODY) {
                throw tooLong();
            }
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException("connection closed after " + body.length + " of " + length + " body bytes");
            }
        } else {
            body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw tooLong();
            }
        }
        return new Response(status, contentType, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + sizeLine, e);
            }
            if (size == 0) {
                for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                    // trailers carry nothing this client uses
                }
                return out.toByteArray();
            }
            if (size > MAX_BODY - out.size()) {
                throw tooLong();
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new EOFException("connection closed inside a chunk");
            }
            out.write(chunk);
            line(in); // the CRLF after the chunk
        }
    }

    /** The error of an answer longer than {@link #MAX_BODY} (also {@link BoundedBody}'s). */
    static IOException tooLong() {
        return new IOException("answer longer than " + MAX_BODY + " bytes");
    }

    private static long parseLength(String value) throws IOException {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new IOException("negative Content-Length");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + value, e);
        }
    }

    /** One header-section line without its CRLF (ISO-8859-1, as HTTP/1.1 heads are). */
    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (s.isEmpty()) {
                    throw new EOFException("connection closed before the answer ended");
                }
                return s.toString();
            }
            if (b == '\n') {
                int end = s.length();
                return end > 0 && s.charAt(end - 1) == '\r' ? s.substring(0, end - 1) : s.toString();
            }
            if (s.length() >= MAX_HEAD_LINE) {
                throw new IOException("header line longer than " + MAX_HEAD_LINE + " bytes");
            }
            s.append((char) b);
        }
    }
}
