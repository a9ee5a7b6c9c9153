package io.hyperperp.server;

import com.sun.net.httpserver.HttpExchange;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.auth.AdminAuth;
import io.hyperperp.server.auth.StreamTokens;
import io.hyperperp.server.backend.EngineClock;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.json.UserAddresses;
import io.hyperperp.server.stream.StreamClient;
import io.hyperperp.server.stream.StreamHub;
import io.hyperperp.server.stream.StreamSlots;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /stream?channels=trades:1,book:1,orders:0xa11ce}: Server-Sent Events. Every event's
 * {@code id} is its engine sequence number. A fresh connection gets {@code subscribed} and, per
 * book channel, a {@code snapshot} taken at one engine sequence S (both with id S), then every
 * later event of its channels. {@code Last-Event-ID} (header or {@code last_event_id} parameter)
 * resumes without a gap while the events after it are retained; otherwise the client gets fresh
 * snapshots flagged {@code "resync": true}. Comment lines are heartbeats.
 */
final class StreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHandler.class);
    private static final int MAX_CHANNELS = 64;
    /**
     * Longest a new stream waits, when a bound is reached, for the probes of the streams that hold it (a
     * probe takes up to half a second to start and a quarter to finish).
     */
    private static final long PROBE_WAIT_MILLIS = 1_500;

    private final RouteSupport web;
    private final StreamHub hub;
    private final ServerConfig config;
    private final ExecutorService writers;
    private final StreamTokens tokens = new StreamTokens(System::currentTimeMillis);
    private final AdminAuth admin;
    /** Streams open in all and per client IP ({@code stream.max_clients}, {@code stream.max_clients_per_ip}). */
    private final StreamSlots slots;
    /** Streams opened so far: spreads their age bounds, so that streams opened together do not reconnect together. */
    private final AtomicLong opened = new AtomicLong();

    StreamHandler(RouteSupport web, StreamHub hub, ServerConfig config, ExecutorService writers) {
        this.web = web;
        this.hub = hub;
        this.config = config;
        this.writers = writers;
        this.admin = new AdminAuth(config.adminToken());
        this.slots = new StreamSlots(config.stream().maxClients(), config.stream().maxClientsPerIp(),
                PROBE_WAIT_MILLIS);
    }

    private record Snapshot(long sequence, Map<Long, BookDepth> books) {
    }

    ApiResponse handle(ApiRequest req) throws IOException {
        RequestParams.allowParams(req, "channels", "last_event_id", "token");
        String text = req.query("channels");
        if (text == null || text.isEmpty()) {
            throw ApiException.badRequest("MISSING_FIELD", "channels is required, e.g. trades:1,book:1,orders:0xa11ce",
                    "channels");
        }
        Set<String> channels = new LinkedHashSet<>();
        List<Long> books = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (String c : text.split(",", -1)) {
            int colon = c.indexOf(':');
            String kind = colon < 0 ? c : c.substring(0, colon);
            String arg = colon < 0 ? "" : c.substring(colon + 1);
            switch (kind) {
                case "trades", "book" -> {
                    long market = marketOf(arg);
                    channels.add(kind + ":" + market);
                    if (kind.equals("book") && !books.contains(market)) {
                        books.add(market);
                    }
                }
                case "orders", "account" -> {
                    if (!UserAddresses.isAccount(arg)) {
                        throw ApiException.badRequest("INVALID_FIELD", kind + " channel needs a canonical user address,"
                                + " insurance_fund or fee_account", "channels");
                    }
                    channels.add(kind + ":" + arg);
                    users.add(arg);
                }
                default -> throw ApiException.badRequest("INVALID_FIELD", "channels are trades:{market_id},"
                        + " book:{market_id}, orders:{user_address} or account:{user_address}", "channels");
            }
        }
        if (channels.size() > MAX_CHANNELS) {
            throw ApiException.badRequest("INVALID_FIELD", "at most " + MAX_CHANNELS + " channels", "channels");
        }
        if (config.authMode() == ServerConfig.AuthMode.SIGNATURE && users.removeIf(UserAddresses::isSystemAccount)) {
            // No key signs for the insurance fund or the fee account: their channels are the operator's.
            admin.check(req.header("Authorization"));
        }
        if (!users.isEmpty()) {
            // A browser's EventSource cannot send signature headers: it presents a signed query token.
            String token = req.query("token");
            String signer = token != null && config.authMode() == ServerConfig.AuthMode.SIGNATURE
                    ? tokens.verify(token, text) : web.authenticate(req, req.body());
            for (String u : users) {
                RouteSupport.requireSigner(signer, u);
            }
        }
        Long lastEventId = null;
        String last = req.header("Last-Event-ID");
        if (last == null) {
            last = req.query("last_event_id");
        }
        if (last != null && last.trim().matches("[0-9]{1,18}")) {
            lastEventId = Long.parseLong(last.trim());
        }
        // A stream gives its request slot back once it is taken over: without its own bound per address, one client
        // could hold every stream the server allows and everyone else got 503 TOO_MANY_STREAMS.
        // A stream whose client has gone holds its slot until a write fails: a full bound probes its streams first.
        String ip = req.clientIp();
        StreamSlots.Outcome slot = slots.acquire(ip);
        if (slot == StreamSlots.Outcome.ADDRESS_FULL) {
            throw new ApiException(429, "TOO_MANY_STREAMS", "too many streams from this address (at most "
                    + config.stream().maxClientsPerIp() + ")", null, Map.of("Retry-After", "5"));
        }
        if (slot == StreamSlots.Outcome.SERVER_FULL) {
            throw new ApiException(503, "TOO_MANY_STREAMS", "too many stream clients", null, Map.of("Retry-After", "5"));
        }
        StreamClient client = new StreamClient(channels, config.stream().clientQueue());
        slots.attach(ip, client);
        Runnable ended = () -> {
            slots.release(ip, client);
            client.ended();
        };
        boolean resumed = lastEventId != null && hub.resume(client, lastEventId);
        Snapshot snapshot = null;
        try {
            if (!resumed) {
                hub.register(client);
                snapshot = web.query(e -> {
                    Map<Long, BookDepth> m = new TreeMap<>();
                    for (long id : books) {
                        m.put(id, e.depth(id, RouteSupport.MAX_DEPTH));
                    }
                    return new Snapshot(e.counters().sequence(), m);
                });
                client.startAfter(snapshot.sequence());
            }
        } catch (RuntimeException e) {
            hub.unregister(client);
            ended.run();
            throw e;
        }
        HttpExchange ex = req.exchange();
        // HEAD gets the headers a GET would, and no stream.
        boolean stream = !"HEAD".equals(req.method());
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.getResponseHeaders().set("X-Accel-Buffering", "no");
            if (stream) {
                // A stream ends only by the server's choice (its age bound, a slow or overflowing client) or the
                // client's: the connection ends with it, rather than idling until the JDK's idle timeout.
                ex.getResponseHeaders().set("Connection", "close");
            }
            ex.sendResponseHeaders(200, stream ? 0 : -1);
        } catch (IOException e) {
            stream = false;
        }
        if (!stream) {
            hub.unregister(client);
            ended.run();
            ex.close();
            return ApiResponse.TAKEN_OVER;
        }
        Snapshot snap = snapshot;
        boolean resync = lastEventId != null && !resumed;
        String channelList = String.join(",", channels);
        Runnable writer = () -> {
            OutputStream out = ex.getResponseBody();
            try {
                StringBuilder first = new StringBuilder();
                if (snap != null) {
                    first.append("id: ").append(snap.sequence()).append('\n');
                }
                first.append("event: subscribed\ndata: ").append(web.json(g -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("channels");
                    for (String c : channels) {
                        g.writeString(c);
                    }
                    g.writeEndArray();
                    g.writeBooleanField("resumed", resumed);
                    g.writeBooleanField("resync", resync);
                    if (snap != null) {
                        g.writeNumberField("sequence", snap.sequence());
                    }
                    g.writeEndObject();
                })).append("\n\n");
                if (snap != null) {
                    long now = EngineClock.micros();
                    for (BookDepth book : snap.books().values()) {
                        first.append("id: ").append(snap.sequence()).append("\nevent: snapshot\ndata: ")
                                .append(web.json(g -> web.writeBook(book, now, g, x -> {
                                    x.writeStringField("channel", "book:" + book.marketId());
                                    x.writeNumberField("snapshot_sequence", snap.sequence());
                                    x.writeBooleanField("resync", resync);
                                }))).append("\n\n");
                    }
                }
                out.write(first.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (client.pump(out, config.stream().heartbeatSecs() * 1000L, maxAgeMillis())) {
                    hub.agedOut();
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("stream client {} ended: {}", channelList, e.toString());
            } finally {
                hub.unregister(client);
                client.disconnect();
                ended.run();
                ex.close();
            }
        };
        try {
            writers.execute(writer);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down: end the stream at once.
            hub.unregister(client);
            ended.run();
            ex.close();
        }
        return ApiResponse.TAKEN_OVER;
    }

    /**
     * This stream's age bound: {@code stream.max_age_secs} less up to a tenth of it, spread by the stream's number (no
     * clock, no randomness: streams opened one after another get bounds far apart), or 0 for none.
     */
    private long maxAgeMillis() {
        long max = config.stream().maxAgeSecs() * 1000L;
        if (max == 0) {
            return 0;
        }
        // A multiplicative (Fibonacci) hash of the stream's number: consecutive streams land far apart in the spread.
        long spread = max / 10 + 1;
        return max - Math.floorMod(opened.getAndIncrement() * 0x9E3779B97F4A7C15L >>> 11, spread);
    }

    private long marketOf(String arg) {
        try {
            return web.marketId(arg);
        } catch (ApiException e) {
            throw ApiException.badRequest("INVALID_FIELD", "unknown or malformed market in channels", "channels");
        }
    }

    int active() {
        return slots.active();
    }
}
