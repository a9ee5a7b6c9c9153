package io.hyperperp.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.server.json.FlatJsonObject;
import io.hyperperp.server.json.JsonOut;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.engine.DepthLevel;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.server.auth.SignatureAuth;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.backend.TradeRecord;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.json.JsonFactories;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.RateLimiter;
import io.hyperperp.server.json.CommandJson;
import io.hyperperp.server.metrics.Metrics;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What every route class shares, so none of them copies it: signature authentication and the per-user
 * order limit; awaiting commands on and querying the {@link EngineRuntime}, with their failures mapped to
 * {@link ApiException}s; validation of path and query parameters and parsing of JSON bodies into commands
 * ({@link CommandBodies});
 * and the JSON shapes more than one route writes (trades, books); query parameters are
 * {@link RequestParams}, error answers {@link ErrorJson}.
 */
public final class RouteSupport {

    /** The longest book a snapshot or GET /orderbook returns. */
    public static final int MAX_DEPTH = 5_000;

    private final ServerConfig config;
    private final ExchangeBackend backend;
    private final EngineRuntime runtime;
    private final Metrics.Histogram engineLatency;
    private final CommandBodies bodies;
    private final JsonFactory factory = JsonFactories.shared();
    private final AnswerBuffers answers = new AnswerBuffers(factory);
    private final SignatureAuth signatures;
    private final RateLimiter userLimiter;
    private volatile java.util.function.Consumer<Command> preTrade = c -> { };
    private final ConcurrentHashMap<Long, MarketSpec> specs = new ConcurrentHashMap<>();
    /** The last spec found, compared before the map: see {@code MarketDecimals}. */
    private MarketSpec lastSpec;

    RouteSupport(ServerConfig config, ExchangeBackend backend, Metrics metrics) {
        this.config = config;
        this.backend = backend;
        this.runtime = backend.runtime();
        this.engineLatency = metrics.histogram("hyperperp_engine_latency_seconds", "");
        this.bodies = new CommandBodies(backend.markets());
        this.signatures = new SignatureAuth(config.signatureWindowSecs(), System::currentTimeMillis,
                backend::writesSinceMillis);
        this.userLimiter = new RateLimiter(config.rateLimits().userPerSecond(), config.rateLimits().userBurst());
    }

    // ---------------------------------------------------------------- authentication and limits

    /**
     * Wall-clock milliseconds from which signed requests are taken (0 in auth mode none): the server opens its port
     * no earlier (see {@link SignatureAuth#acceptsFromMillis()}).
     */
    public long signedRequestsFromMillis() {
        return config.authMode() == ServerConfig.AuthMode.SIGNATURE ? signatures.acceptsFromMillis() : 0;
    }

    /** Signature check in signature mode; returns the signer's address, or null in auth mode none. */
    public String authenticate(ApiRequest req, byte[] body) {
        if (config.authMode() != ServerConfig.AuthMode.SIGNATURE) {
            return null;
        }
        return signatures.verify(req.header(SignatureAuth.PUBLIC_KEY), req.header(SignatureAuth.TIMESTAMP),
                req.header(SignatureAuth.SIGNATURE), req.method(), req.pathAndQuery(), body);
    }

    /**
     * In signature mode a user's orders, trades, positions and balances are private: the request
     * must be signed by that user (a GET signs an empty body). Nothing to check in auth mode none.
     */
    public void authorizeRead(ApiRequest req, String user) {
        requireSigner(authenticate(req, new byte[0]), user);
    }

    /**
     * Sets the check every placement and amendment passes before it reaches the engine (the settlement guard); it
     * throws an {@link ApiException} to refuse.
     */
    public void preTrade(java.util.function.Consumer<Command> check) {
        this.preTrade = check;
    }

    /** Runs the check on a placement or amendment (the check lets other commands pass). */
    public void checkPreTrade(Command command) {
        preTrade.accept(command);
    }

    public static void requireSigner(String signer, String user) {
        if (signer != null && !signer.equals(user)) {
            throw new ApiException(403, "FORBIDDEN", "the signing key does not belong to " + user, "user_address");
        }
    }

    public void limitUser(String user, int n) {
        long wait = userLimiter.acquire(user, n);
        if (wait > 0) {
            throw new ApiException(429, "RATE_LIMITED", "too many orders for this user address", null,
                    Map.of("Retry-After", Long.toString(wait)));
        }
    }

    public CommandResult await(CompletableFuture<CommandResult> future) {
        long t0 = System.nanoTime();
        CommandResult r;
        try {
            r = EngineWaits.await(future, config.requestTimeoutMillis());
        } catch (TimeoutException e) {
            throw new ApiException(503, "TIMEOUT", "the engine did not answer in time; the command may still run",
                    null, Map.of("Retry-After", "1"));
        } catch (ExecutionException e) {
            throw new ApiException(500, "ENGINE_ERROR", "the engine failed on this command");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down");
        }
        engineLatency.observe(System.nanoTime() - t0);
        switch (r.status()) {
            case PROCESSED:
                return r;
            case OVERLOADED:
                throw new ApiException(503, "OVERLOADED", "the engine queue is full; retry", null,
                        Map.of("Retry-After", "1"));
            case UNAVAILABLE:
                throw new ApiException(503, "DATABASE_UNAVAILABLE", "persistence is failing; retry later", null,
                        Map.of("Retry-After", "1"));
            default:
                throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down; the command was not "
                        + "committed");
        }
    }

    public <T> T query(Function<MatchingEngine, T> f) {
        try {
            return EngineWaits.await(runtime.query(f), config.requestTimeoutMillis());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineRuntime.OverloadedException) {
                throw new ApiException(503, "OVERLOADED", "the engine queue is full; retry", null,
                        Map.of("Retry-After", "1"));
            }
            throw new ApiException(503, "UNAVAILABLE", "the engine is not available");
        } catch (TimeoutException e) {
            throw new ApiException(503, "TIMEOUT", "the engine did not answer in time", null, Map.of("Retry-After", "1"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down");
        }
    }

    public static void throwIfRejected(CommandResult r) {
        throwIfRejected(r, null);
    }

    /**
     * Turns an engine rejection into an error; with the market's spec, a broken tick, lot, size or band
     * rule is named in the message and as the error's {@code limit}.
     */
    public static void throwIfRejected(CommandResult r, MarketRegistry markets) {
        Optional<RejectReason> reason = r.rejection();
        if (reason.isPresent()) {
            RejectReason x = reason.get();
            int status = x == RejectReason.DUPLICATE_CLIENT_ORDER_ID ? 409 : 400;
            ApiException.Limit limit = markets == null ? null : RejectionLimits.of(x, r.command(), markets);
            if (limit == null) {
                throw new ApiException(status, x.name(), x.message(), x.field());
            }
            throw new ApiException(status, x.name(), x.message() + " (" + limit.name() + " " + limit.value() + ")",
                    x.field(), limit);
        }
    }

    // ---------------------------------------------------------------- parameters and bodies

    /** A market id from the path: digits, known to the registry (404 otherwise). */
    public long marketId(String text) {
        long id = RequestParams.marketIdOrMinusOne(text);
        if (id < 0) {
            throw ApiException.badRequest("INVALID_FIELD", "market_id must be an integer from 0 to 2^63 - 1", "market_id");
        }
        if (backend.markets().find(id).isEmpty()) {
            throw ApiException.notFound("MARKET_NOT_FOUND", "no such market");
        }
        return id;
    }

    /** The body's JSON tree: a 400 when it is empty or not JSON. */
    public JsonNode tree(byte[] body) {
        return bodies.tree(body);
    }

    /** The body's JSON object: a 400 when it is empty, not JSON or not an object. */
    public ObjectNode object(byte[] body) {
        return bodies.object(body);
    }

    /** Adds op and a server timestamp, then parses with {@link CommandJson} (see {@link CommandBodies}). */
    public Command command(ObjectNode node, String op) {
        return bodies.command(node, op);
    }

    /** A placement body as a command, by the fastest path that reads it (see {@link CommandBodies}). */
    public Command placeCommand(byte[] body) {
        return bodies.placeCommand(body);
    }

    /** The orders of a batch body when each is a flat object, streamed; null: take the tree path. */
    public List<FlatJsonObject> flatBatch(byte[] body) {
        return bodies.flatBatch(body);
    }

    /** {@link #command(ObjectNode, String)} for an object read by the streaming parser. */
    public Command command(FlatJsonObject object, String op) {
        return bodies.command(object, op);
    }

    /** Microseconds since the epoch, strictly increasing: the commands' clock. */
    public long nextMicros() {
        return bodies.nextMicros();
    }

    public MarketSpec spec(long marketId) {
        MarketSpec recent = lastSpec;
        if (recent != null && recent.marketId() == marketId) {
            return recent;
        }
        MarketSpec spec = specs.get(marketId);
        if (spec == null) {
            spec = backend.markets().find(marketId).orElseGet(() -> MarketSpec.defaults(Math.max(0, marketId)));
            if (specs.size() < 10_000) {
                specs.put(marketId, spec);
            }
        }
        lastSpec = spec;
        return spec;
    }

    // ---------------------------------------------------------------- shared JSON shapes

    /** Writes the seed's order book shape plus {@code sequence}; {@code extra} adds fields. */
    void writeBook(BookDepth book, long lastUpdatedMicros, JsonGenerator g, JsonWriter extra) throws IOException {
        MarketSpec spec = spec(book.marketId());
        g.writeStartObject();
        g.writeNumberField("market_id", book.marketId());
        writeLevels("bids", book.bids(), spec, g);
        writeLevels("asks", book.asks(), spec, g);
        g.writeNumberField("last_updated", lastUpdatedMicros);
        g.writeNumberField("sequence", book.sequence());
        if (extra != null) {
            extra.write(g);
        }
        g.writeEndObject();
    }

    public static void writeLevels(String name, List<DepthLevel> levels, MarketSpec spec, JsonGenerator g)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (DepthLevel l : levels) {
            g.writeStartObject();
            g.writeStringField("price", Decimals.format(l.price(), spec.priceDecimals()));
            g.writeStringField("size", Decimals.format(l.size(), spec.sizeDecimals()));
            g.writeNumberField("order_count", l.orderCount());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    void writeTrade(TradeRecord t, JsonGenerator g) throws IOException {
        writeTrade(t, JsonOut.of(g));
    }

    void writeTrade(TradeRecord t, JsonOut g) throws IOException {
        TradeJson.write(t, spec(t.marketId()), g);
    }

    /** Writes JSON through a callback. */
    @FunctionalInterface
    public interface JsonWriter {
        /** Writes JSON. */
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * A JSON answer written straight to bytes (no String in between) in a reused buffer that is sent
     * as it is: the order routes' answers.
     */
    ApiResponse jsonAnswer(int status, JsonWriter writer) {
        return answers.write(status, writer);
    }

    /** A JSON answer written into a reused {@link JsonBytes}, without a generator: the single order's answer. */
    ApiResponse bytesAnswer(int status, AnswerBuffers.BytesWriter writer) {
        return answers.writeBytes(status, writer);
    }

    public String json(JsonWriter writer) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}