package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small JSON client of the REST API on the JDK {@link HttpClient} (HTTP/1.1, keep-alive), or, for a
 * client command's one or two requests to an {@code http://} server, on {@link PlainHttp} (one
 * connection per request; the command starts faster without the {@link HttpClient}). Signs
 * order-changing requests with the docs/security.md scheme when it has a key. Connection failures
 * and timeouts become {@link ClientException}s with exit code {@link ExitCodes#UNAVAILABLE}.
 */
public final class ApiClient implements AutoCloseable {

    /** Shared mapper. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String DOMAIN = "HYPERPERP::Request";

    private final URI base;
    private final Ed25519PrivateKey key;
    private final Duration timeout;
    private final boolean plainSockets;
    private final ExecutorService executor;
    private HttpClient http; // built on first use: only https and the event stream need it
    private final AtomicLong lastTimestamp = new AtomicLong();

    /** A client of {@code base} (e.g. {@code http://127.0.0.1:8080}); {@code key} may be null. */
    public ApiClient(URI base, Ed25519PrivateKey key, Duration timeout) {
        this(base, key, timeout, false);
    }

    /**
     * Like {@link #ApiClient(URI, Ed25519PrivateKey, Duration)}; with {@code fewRequests} a plain-text
     * server is asked over one connection per request, without the JDK client's start-up cost. For a
     * command that sends a handful of requests, not for replay or load generation (a connection each).
     */
    public ApiClient(URI base, Ed25519PrivateKey key, Duration timeout, boolean fewRequests) {
        this.base = base;
        this.plainSockets = fewRequests && "http".equalsIgnoreCase(base.getScheme());
        this.key = key;
        this.timeout = timeout;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hyperperp-http-client");
            t.setDaemon(true);
            return t;
        });
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeout)
                    .executor(executor)
                    .build();
        }
        return http;
    }

    /** An answer: status and the body as JSON (null when it is not JSON). */
    public record Reply(int status, JsonNode json, String body) {

        /** 2xx. */
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The server's error code, or null. */
        public String errorCode() {
            JsonNode e = json == null ? null : json.get("error");
            return e != null && e.hasNonNull("code") ? e.get("code").asText() : null;
        }
    }

    /** The signing key, or null. */
    public Ed25519PrivateKey key() {
        return key;
    }

    /** The base URL. */
    public URI base() {
        return base;
    }

    /** A query string {@code ?a=1&b=2} of the non-null values, or "" when there are none. */
    public static String query(Object... keyValues) {
        StringJoiner j = new StringJoiner("&", "?", "");
        j.setEmptyValue("");
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            if (v != null) {
                j.add(keyValues[i] + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        }
        return j.toString();
    }

    /** GET, unsigned. */
    public Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, false);
    }

    /**
     * GET of a user's own data (orders, trades, positions), signed when this client has a key: a
     * server in signature mode answers them only to their owner.
     */
    public Reply getPrivate(String pathAndQuery) {
        return send("GET", pathAndQuery, null, true);
    }

    /**
     * Sends a request; {@code body} is JSON text or null; {@code signed} adds the signature headers
     * when this client has a key.
     */
    public Reply send(String method, String pathAndQuery, String body, boolean signed) {
        return send(call(method, pathAndQuery, body, signed, null));
    }

    /** Sends an admin request: {@code Authorization: Bearer token}, unsigned. */
    public Reply sendAdmin(String method, String pathAndQuery, String body, String token) {
        Call call = call(method, pathAndQuery, body, false, null);
        bearer(call, token);
        return send(call);
    }

    /** Adds {@code Authorization: Bearer token} unless the token is null or blank. */
    private static void bearer(Call call, String token) {
        if (token != null && !token.isBlank()) {
            String t = token.strip();
            // Written into the request head as it is: a line break would end the header there and send the rest as
            // a header of its own (or, through the JDK client, fail with an IllegalArgumentException's trace).
            if (!t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new ClientException(ExitCodes.USAGE, "--admin-token must be printable ASCII without spaces or"
                        + " line breaks");
            }
            call.headers().put("Authorization", "Bearer " + t);
        }
    }

    /** One request: method, URI, headers (besides Host and Content-Length) and body bytes. */
    private record Call(String method, URI uri, Map<String, String> headers, byte[] body) {
    }

    private Reply send(Call call) {
        int status;
        String contentType;
        String text;
        try {
            if (plainSockets) {
                PlainHttp.Response r = PlainHttp.send(call.uri(), call.method(), call.headers(), call.body(),
                        (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
                status = r.status();
                contentType = r.contentType();
                text = r.body();
            } else {
                HttpResponse<String> r = whole(http().sendAsync(httpRequest(call).build(), BoundedBody.handler()));
                status = r.statusCode();
                contentType = r.headers().firstValue("Content-Type").orElse("");
                text = r.body();
            }
        } catch (IOException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ExitCodes.ERROR, null, "interrupted", e);
        }
        JsonNode json = null;
        if (contentType.startsWith("application/json")) {
            try {
                json = MAPPER.readTree(text);
            } catch (IOException e) {
                json = null;
            }
        }
        return new Reply(status, json, text);
    }

    /**
     * Waits for an answer and its whole body for at most the timeout, as {@link PlainHttp} does: the request's own
     * timeout ends when the head arrives, so a body sent a byte at a time went on without end.
     */
    private <T> HttpResponse<T> whole(CompletableFuture<HttpResponse<T>> pending)
            throws IOException, InterruptedException {
        try {
            return pending.get(timeoutNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true); // closes the connection: the answer is not read further
            throw new HttpTimeoutException("answer not complete in time");
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    /** The timeout in nanoseconds; one of centuries ({@code --request-timeout 1e12}) is none. */
    private long timeoutNanos() {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Opens a streaming GET (Server-Sent Events); the caller reads and closes the body. {@code adminToken}
     * (null: none) is sent as a bearer token, which the system accounts' channels take.
     */
    public HttpResponse<InputStream> openStream(String pathAndQuery, boolean signed, String lastEventId,
                                                String adminToken) {
        Call call = call("GET", pathAndQuery, null, signed, lastEventId);
        bearer(call, adminToken);
        HttpRequest.Builder b = httpRequest(call);
        b.timeout(Duration.ofDays(365));
        b.header("Accept", "text/event-stream");
        try {
            return http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ExitCodes.ERROR, null, "interrupted", e);
        }
    }

    private Call call(String method, String pathAndQuery, String body, boolean signed, String lastEventId) {
        URI uri = URI.create(base + pathAndQuery);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        if (lastEventId != null) {
            headers.put("Last-Event-ID", lastEventId);
        }
        if (signed && key != null) {
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            headers.putAll(signatureHeaders(key, nextTimestamp(), method, target, bytes));
        }
        return new Call(method, uri, headers, bytes);
    }

    private HttpRequest.Builder httpRequest(Call call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(call.uri()).timeout(timeout);
        b.method(call.method(), call.body().length == 0 && !call.headers().containsKey("Content-Type")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(b::header);
        return b;
    }

    /** Milliseconds since the epoch, strictly increasing within this client (every signature is single-use). */
    long nextTimestamp() {
        long now = System.currentTimeMillis();
        return lastTimestamp.updateAndGet(last -> Math.max(last + 1, now));
    }

    /** The three signature headers of docs/security.md for one request. */
    public static Map<String, String> signatureHeaders(Ed25519PrivateKey key, long timestampMillis, String method,
                                                       String target, byte[] body) {
        String message = DOMAIN + "\n" + timestampMillis + "\n" + method + "\n" + target + "\n" + sha256Hex(body);
        byte[] signature = key.sign(message.getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-HyperPerp-Public-Key", key.publicKey().toHex());
        headers.put("X-HyperPerp-Timestamp", Long.toString(timestampMillis));
        headers.put("X-HyperPerp-Signature", HexFormat.of().formatHex(signature));
        return headers;
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ClientException unavailable(IOException e) {
        String what = e instanceof HttpTimeoutException || e instanceof SocketTimeoutException ? "timed out"
                : e instanceof ConnectException ? "connection refused"
                : e.getMessage() == null ? e.getClass().getSimpleName() : TerminalText.safe(e.getMessage());
        return new ClientException(ExitCodes.UNAVAILABLE, null, "server unavailable at " + base + ": " + what, e);
    }

    /**
     * Returns a 2xx reply, or throws with the server's error in one line: 503 is exit code 4; a
     * 400/404/409 answer to an order-changing request is 3 (rejected); anything else is 1.
     */
    public static Reply require(Reply r, boolean orderChanging) {
        if (r.ok()) {
            return r;
        }
        throw failure(r, orderChanging);
    }

    /** The exception for a non-2xx reply (see {@link #require}). */
    public static ClientException failure(Reply r, boolean orderChanging) {
        int exit;
        if (r.status() == 503) {
            exit = ExitCodes.UNAVAILABLE;
        } else if (orderChanging && (r.status() == 400 || r.status() == 404 || r.status() == 409)) {
            exit = ExitCodes.REJECTED;
        } else {
            exit = ExitCodes.ERROR;
        }
        return new ClientException(exit, r.errorCode(), describe(r), null);
    }

    /** {@code CODE: message (field: f) [HTTP 400]}. */
    public static String describe(Reply r) {
        JsonNode e = r.json() == null ? null : r.json().get("error");
        if (e == null || !e.isObject()) {
            String text = r.body() == null ? "" : r.body().strip();
            if (text.length() > 200) {
                text = text.substring(0, 200) + "...";
            }
            int nl = text.indexOf('\n');
            if (nl >= 0) {
                text = text.substring(0, nl);
            }
            return "HTTP " + r.status() + (text.isEmpty() ? "" : ": " + TerminalText.safe(text));
        }
        // Each part as the server sent it, made safe for a terminal (replay prints these per line, too).
        StringBuilder s = new StringBuilder();
        s.append(TerminalText.safe(e.path("code").asText("ERROR"))).append(": ")
                .append(TerminalText.safe(e.path("message").asText("")));
        if (e.hasNonNull("field")) {
            s.append(" (field: ").append(TerminalText.safe(e.get("field").asText())).append(')');
        }
        s.append(" [HTTP ").append(r.status()).append(']');
        return s.toString();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
