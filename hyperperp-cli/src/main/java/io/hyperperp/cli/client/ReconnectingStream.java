package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A server's event stream that survives the server ending it on purpose: a stream ended after a {@code retry:} hint
 * (the server's age bound, {@code stream.max_age_secs}) is reopened after the hinted delay, resuming after the last
 * event returned ({@code Last-Event-ID}) when asked to. A stream ended without a hint is the server going away.
 */
final class ReconnectingStream implements AutoCloseable {

    /**
     * Bounds on the delay a server asks for: a hostile one can make a client neither reconnect in a tight loop nor wait
     * longer than a minute.
     */
    static final long MIN_RECONNECT_MILLIS = 100;
    static final long MAX_RECONNECT_MILLIS = 60_000;

    private final ApiClient api;
    private final String pathAndQuery;
    private final boolean signed;
    private final String adminToken;
    private final boolean resume;
    private String lastEventId;
    private Sse sse;

    /**
     * Opens the stream (a refusal is thrown as the server's error).
     *
     * @param resume      whether a reopened stream resumes after the last event returned (else it starts afresh)
     * @param lastEventId where the first stream resumes, or null
     */
    ReconnectingStream(ApiClient api, String pathAndQuery, boolean signed, boolean resume, String lastEventId) {
        this(api, pathAndQuery, signed, null, resume, lastEventId);
    }

    /** The same, sending {@code adminToken} (null: none) with every opening: the system accounts' channels take it. */
    ReconnectingStream(ApiClient api, String pathAndQuery, boolean signed, String adminToken, boolean resume,
                       String lastEventId) {
        this.api = api;
        this.pathAndQuery = pathAndQuery;
        this.signed = signed;
        this.adminToken = adminToken;
        this.resume = resume;
        this.lastEventId = lastEventId;
        this.sse = open();
    }

    private Sse open() {
        HttpResponse<InputStream> response = api.openStream(pathAndQuery, signed, lastEventId, adminToken);
        if (response.statusCode() != 200) {
            throw streamFailure(response);
        }
        return new Sse(response.body());
    }

    /**
     * The next event, or null once the deadline ({@link System#nanoTime()} based) has passed, reopening the stream
     * when the server ended it with a hint and the deadline leaves time for the delay.
     *
     * @throws ClientException when the server closed the stream without a hint (exit 4) or sent an event past the
     *                         reader's bound (exit 1)
     */
    Sse.Event next(long deadlineNanos) throws InterruptedException {
        while (true) {
            Sse.Event e = sse.next(deadlineNanos);
            if (e != null) {
                if (resume && e.id() != null && !e.id().isEmpty()) {
                    lastEventId = e.id();
                }
                return e;
            }
            if (sse.failure() != null) {
                throw new ClientException(ExitCodes.ERROR, sse.failure());
            }
            if (!sse.ended()) {
                return null;
            }
            long retry = sse.retryMillis();
            if (retry < 0) {
                throw new ClientException(ExitCodes.UNAVAILABLE, "the server closed the stream");
            }
            long wait = Math.min(Math.max(retry, MIN_RECONNECT_MILLIS), MAX_RECONNECT_MILLIS);
            if (deadlineNanos - System.nanoTime() <= wait * 1_000_000L) {
                return null;
            }
            sse.close();
            Thread.sleep(wait);
            sse = open();
        }
    }

    @Override
    public void close() {
        sse.close();
    }

    /** The error of a refused stream request (never an order rejection). */
    private static ClientException streamFailure(HttpResponse<InputStream> response) {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            body = "";
        }
        JsonNode json = null;
        try {
            json = ApiClient.MAPPER.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        return ApiClient.failure(new ApiClient.Reply(response.statusCode(), json, body), false);
    }
}
