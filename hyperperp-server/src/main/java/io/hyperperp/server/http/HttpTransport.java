package io.hyperperp.server.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK {@link HttpServer} as HyperPerp runs it: exchanges on virtual threads with a bounded
 * request head ({@link ExchangeExecutor}), the JDK's own limits set above ours so that we answer
 * (431, 505, 413) where the JDK would only close, and answers that close the connection after a
 * framing error. What the JDK server cannot be made to do is listed in docs/security.md.
 */
public final class HttpTransport implements AutoCloseable {

    /** Header lines we accept; more answers 431 (the JDK closes the connection only past 1,000). */
    public static final int MAX_HEADER_LINES = 100;
    /** Header bytes we accept (names, values, 4 per line); more answers 431 (the JDK closes past 512 KiB). */
    public static final int MAX_HEADER_BYTES = 32 * 1024;

    /**
     * Bytes of an unread request body the server reads and discards after a closing answer (413, 431, 505 are sent
     * before the body is read), within the drain's one-second bound ({@link ExchangeExecutor#closeLingering}). Closing
     * with bytes unread makes the kernel reset the connection, and a client still writing its body, or one whose stack
     * drops received data on a reset, loses the answer; the JDK's own drain stops at 64 KiB.
     */
    public static final long DRAIN_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final Map<String, String> CLOSE = Map.of("Connection", "close");
    private static final List<String> JSON_TYPE = List.of(ApiResponse.JSON);
    private static final List<String> NO_STORE = List.of("no-store");
    private static final List<String> NOSNIFF = List.of("nosniff");

    static {
        // The JDK server reads these once, when its first instance starts; an operator's -D wins.
        // Time to receive a request's body once the head is in (the head has its own bound), in seconds.
        defaultProperty("sun.net.httpserver.maxReqTime", "30");
        // Without TCP_NODELAY small responses wait for delayed ACKs (~40 ms per request).
        defaultProperty("sun.net.httpserver.nodelay", "true");
        // Past these the JDK closes the connection without an answer: set well above ours, which answer 431.
        defaultProperty("sun.net.httpserver.maxReqHeaders", "1000");
        defaultProperty("sun.net.httpserver.maxReqHeaderSize", Integer.toString(512 * 1024));
        // After a closing answer, read up to this much of the unread body so that the close is a FIN, not a reset.
        defaultProperty("sun.net.httpserver.drainAmount", Long.toString(DRAIN_BYTES));
    }

    private final HttpServer server;
    private final ExchangeExecutor executor;
    private final long bodyLimit;

    private HttpTransport(HttpServer server, ExchangeExecutor executor, long bodyLimit) {
        this.server = server;
        this.executor = executor;
        this.bodyLimit = bodyLimit;
    }

    /**
     * Binds a server whose every request goes to {@code handler}, once {@link #start started}: the
     * caller stores the transport first, so that no request finds its handler's owner half set up.
     *
     * @param address           where to listen
     * @param headTimeoutMillis longest time from a request's first byte to the end of its head
     * @param bodyLimit         largest body a request may declare (413 before reading it)
     * @param handler           the application
     */
    public static HttpTransport bind(InetSocketAddress address, long headTimeoutMillis, long bodyLimit,
                                     HttpHandler handler) throws IOException {
        ExchangeExecutor executor = new ExchangeExecutor(headTimeoutMillis);
        try {
            HttpServer server = HttpServer.create(address, 1024);
            server.setExecutor(executor);
            server.createContext("/", handler);
            return new HttpTransport(server, executor, bodyLimit);
        } catch (BindException e) {
            executor.close();
            // The JDK's message ("Address already in use") does not say which address.
            BindException named = new BindException(e.getMessage() + ": " + address.getHostString() + ":"
                    + address.getPort());
            named.initCause(e);
            throw named;
        } catch (IOException | RuntimeException e) {
            executor.close();
            throw e;
        }
    }

    /** Starts answering requests (connections made since {@link #bind} wait in the backlog until then). */
    public void start() {
        server.start();
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Called first by the handler: stops the head clock. False when the head came too late; the
     * handler then returns at once, the connection is already closing.
     */
    public boolean headReceived() {
        return executor.headReceived();
    }

    /** Connections closed because their request head did not arrive in time. */
    public long headTimeouts() {
        return executor.headTimeouts();
    }

    /**
     * Refuses what the JDK server lets through: an HTTP version other than 1.0 and 1.1, too many
     * or too large headers, a declared body over the limit (before reading any of it). Each
     * refusal closes the connection after the answer.
     */
    public void check(HttpExchange ex, RequestHead head) {
        String protocol = ex.getProtocol();
        if (!"HTTP/1.1".equals(protocol) && !"HTTP/1.0".equals(protocol)) {
            boolean wellFormed = protocol != null && protocol.matches("HTTP/[0-9]\\.[0-9]");
            throw wellFormed
                    ? new ApiException(505, "HTTP_VERSION_NOT_SUPPORTED", "only HTTP/1.1 and HTTP/1.0 are served",
                            null, CLOSE)
                    : new ApiException(400, "INVALID_REQUEST", "malformed request line", null, CLOSE);
        }
        if (head.lines() > MAX_HEADER_LINES || head.bytes() > MAX_HEADER_BYTES) {
            throw new ApiException(431, "HEADERS_TOO_LARGE", "at most " + MAX_HEADER_LINES + " header lines and "
                    + MAX_HEADER_BYTES + " bytes of headers", null, CLOSE);
        }
        String length = head.contentLength();
        if (length != null && length.length() > 0 && declaredLength(length) > bodyLimit) {
            throw new ApiException(413, "BODY_TOO_LARGE", "request body exceeds " + bodyLimit + " bytes", null, CLOSE);
        }
    }

    /** The JDK has already refused a Content-Length that is not a non-negative decimal. */
    private static long declaredLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Sends a complete answer and ends the exchange. HEAD gets the headers a GET would (with its
     * Content-Length) and no body. An answer carrying {@code Connection: close} closes the
     * connection after a short, bounded drain of whatever the client still sends. The answer's body
     * is released afterwards, sent or not.
     */
    public void send(HttpExchange ex, ApiResponse r) {
        boolean close = "close".equalsIgnoreCase(r.headers().get("Connection"));
        try {
            Headers out = ex.getResponseHeaders();
            String contentType = r.contentType();
            // Each header costs the JDK a map entry, a normalized name and a formatted line (about 2% of an order's
            // handler samples each): the common ones go in as lists made once.
            out.put("Content-Type", ApiResponse.JSON.equals(contentType) ? JSON_TYPE : List.of(contentType));
            String method = ex.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (head || "GET".equals(method)) {
                // Only a GET's answer can be stored by a cache or loaded as a script or style: the answers to
                // POST, PATCH, DELETE and OPTIONS are neither (docs/security.md), so they go without these two.
                out.put("Cache-Control", NO_STORE);
                out.put("X-Content-Type-Options", NOSNIFF);
            }
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                out.set(h.getKey(), h.getValue());
            }
            int length = r.length();
            if (head) {
                out.set("Content-Length", Integer.toString(length));
                ex.sendResponseHeaders(r.status(), -1);
                return;
            }
            ex.sendResponseHeaders(r.status(), length == 0 ? -1 : length);
            if (length == 0) {
                return;
            }
            OutputStream stream = ex.getResponseBody();
            stream.write(r.body(), 0, length);
            if (close) {
                stream.flush();
                // Closing the body stream drains the unread request body (the JDK does), then ends the exchange.
                executor.closeLingering(() -> closeQuietly(stream));
            } else {
                stream.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not send response: {}", e.toString());
        } finally {
            ex.close();
            // The JDK's stream has copied or sent the bytes by now: the body's buffer may serve the next answer.
            r.release().run();
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            LOG.debug("closing after the answer: {}", e.toString());
        }
    }

    /** The client's IP address, or {@code unknown}. */
    public static String clientIp(HttpExchange ex) {
        InetSocketAddress remote = ex.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    /** Stops listening and ends open connections; the executor's sweeper stops. */
    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
