package io.hyperperp.server.json;

import java.util.List;
import java.util.regex.Pattern;
import io.hyperperp.core.order.TriggerReference;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.AmendConditionalOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.core.command.AdvanceTime;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Converts between one JSON object of the command log (a JSON Lines line, field names of the REST
 * API) and a core {@link Command}.
 *
 * <p>Prices and sizes are decimal strings (JSON numbers are accepted with their exact decimal
 * value) scaled with the market's decimals from the {@link MarketRegistry}; a market id the registry
 * refuses is parsed with the default decimals so that the engine can reject it as
 * {@code UNKNOWN_MARKET}. {@link #parse(String)} never throws: every problem becomes a
 * {@link ParseError}. Thread-safe.
 */
public final class CommandJson {

    /** The parser's {@code [Source: REDACTED (...); line: L, column: C]}, with its position as group 1. */
    private static final Pattern PARSER_SOURCE =
            Pattern.compile("\\[Source: [^;\\]]*; (line: \\d+, column: \\d+)\\]");

    /** Longest accepted line, in characters. */
    public static final int MAX_LINE_LENGTH = 64 * 1024;

    /** Order number given to an {@code order_id} UUID that is not one of ours: no order ever has it. */
    public static final long FOREIGN_ORDER_NUMBER = Long.MAX_VALUE >> 2;

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final Set<String> PLACE_FIELDS = Set.of("op", "timestamp", "user_address", "market_id", "side",
            "order_type", "time_in_force", "price", "size", "client_order_id", "reduce_only", "stp", "expires_at",
            "trigger_price", "trigger_by", "oco_group");
    private static final Set<String> CANCEL_FIELDS = Set.of("op", "timestamp", "user_address", "market_id",
            "order_id", "client_order_id");
    private static final Set<String> AMEND_FIELDS = Set.of("op", "timestamp", "user_address", "market_id",
            "order_id", "client_order_id", "price", "size", "trigger_price");
    private static final Set<String> MARK_FIELDS = Set.of("op", "timestamp", "user_address", "market_id",
            "mark_price", "index_price");
    private static final List<String> ORDER_TYPES = List.of("limit", "market", "stop_market", "stop_limit",
            "take_profit_market", "take_profit_limit");
    private static final Set<String> ADVANCE_FIELDS = Set.of("op", "timestamp", "user_address");
    private static final Set<String> CANCEL_ALL_FIELDS = Set.of("op", "timestamp", "user_address", "market_id");
    // The enums' wire names, each built once (a lookup per field was a fifth of an order's conversion).
    static final EnumWireNames<Side> WIRE_SIDE = EnumWireNames.of(Side.class);
    static final EnumWireNames<OrderType> WIRE_ORDER_TYPE = EnumWireNames.of(OrderType.class);
    static final EnumWireNames<TimeInForce> WIRE_TIME_IN_FORCE = EnumWireNames.of(TimeInForce.class);
    static final EnumWireNames<StpMode> WIRE_STP_MODE = EnumWireNames.of(StpMode.class);
    static final EnumWireNames<TriggerReference> WIRE_TRIGGER_REFERENCE = EnumWireNames.of(TriggerReference.class);

    private final MarketRegistry markets;
    private final ObjectMapper mapper;
    private final AccountCommandJson accounts;
    private final CommandJsonWriter writer;
    /** The spec found last (the registry is immutable: a spec found once stays right). */
    private volatile MarketSpec lastSpec;
    private final LongFunction<MarketSpec> specs = this::spec;

    /** A converter that takes decimals from {@code markets}, collateral amounts' included. */
    public CommandJson(MarketRegistry markets) {
        this(markets, markets.collateralDecimals());
    }

    /** A converter with collateral amounts (deposits, withdrawals) of {@code collateralDecimals}. */
    public CommandJson(MarketRegistry markets, int collateralDecimals) {
        this.markets = Objects.requireNonNull(markets, "markets");
        this.mapper = newMapper();
        this.accounts = new AccountCommandJson(collateralDecimals);
        this.writer = new CommandJsonWriter(this::spec, accounts);
    }

    /**
     * The mapper settings for untrusted input: floats as {@code BigDecimal}, strict duplicate-key
     * detection, no trailing tokens, shallow nesting.
     */
    public static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder(JsonFactories.shared())
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxNumberLength(1000)
                .maxStringLength(MAX_LINE_LENGTH)
                .build());
        return mapper;
    }

    /** Parses one line; never throws. */
    public ParseResult parse(String line) {
        if (line == null) {
            return new ParseError(null, ParseErrorCode.INVALID_JSON, "empty line");
        }
        if (line.length() > MAX_LINE_LENGTH) {
            return new ParseError(null, ParseErrorCode.INVALID_JSON, "line longer than " + MAX_LINE_LENGTH + " characters");
        }
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (IOException | RuntimeException e) {
            return new ParseError(null, ParseErrorCode.INVALID_JSON, "malformed JSON: " + firstLine(e.getMessage()));
        }
        return parse(node);
    }

    /** Converts an already parsed JSON value; never throws. */
    public ParseResult parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new ParseError(null, ParseErrorCode.INVALID_JSON, "expected a JSON object");
        }
        return parse(new JsonFields((ObjectNode) node));
    }

    /** Converts an object read by the streaming parser, exactly as its tree would be; never throws. */
    public ParseResult parse(FlatJsonObject object) {
        return parse(new JsonFields(object));
    }

    /**
     * A placement body ({@code op} and {@code timestamp} are not in it) read straight from its bytes when it is a
     * plain limit or market order; null when it is anything else, and the caller then parses it as before, which
     * accepts it or words its error ({@link PlainOrderReader}). {@code timestamps} is asked once, for a command.
     */
    public PlaceOrder plainPlacement(byte[] body, LongSupplier timestamps) {
        return PlainOrderReader.read(body, specs, timestamps);
    }

    private ParseResult parse(JsonFields fields) {
        try {
            return new ParsedCommand(convert(fields));
        } catch (JsonFields.Failure f) {
            return f.error();
        } catch (RuntimeException e) {
            // Defensive: a bug here must not take the caller down with an unexpected exception.
            return new ParseError(null, ParseErrorCode.INVALID_FIELD, "unparseable command: " + firstLine(e.getMessage()));
        }
    }

    private Command convert(JsonFields f) {
        JsonNode opNode = f.value("op");
        if (opNode == null) {
            throw JsonFields.missing("op");
        }
        if (!opNode.isTextual()) {
            throw new JsonFields.Failure("op", ParseErrorCode.INVALID_FIELD, "must be a string");
        }
        String op = opNode.textValue();
        switch (op) {
            case "place":
                f.onlyAllowed(PLACE_FIELDS);
                return place(f);
            case "cancel":
                f.onlyAllowed(CANCEL_FIELDS);
                return cancel(f);
            case "amend":
                f.onlyAllowed(AMEND_FIELDS);
                return amend(f);
            case "cancel_all":
                f.onlyAllowed(CANCEL_ALL_FIELDS);
                return cancelAll(f);
            case "update_mark_price":
                f.onlyAllowed(MARK_FIELDS);
                return updateMark(f);
            case "advance_time":
                f.onlyAllowed(ADVANCE_FIELDS);
                if (f.value("user_address") != null) {
                    f.requiredUser();
                }
                return new AdvanceTime(timestamp(f));
            default:
                if (AccountCommandJson.OPS.contains(op)) {
                    // collateral also arrives at and leaves the system accounts (the operator's routes)
                    boolean collateral = op.equals("deposit") || op.equals("withdraw");
                    return accounts.parse(op, f, timestamp(f), collateral ? f.requiredAccount() : f.requiredUser());
                }
                throw new JsonFields.Failure("op", ParseErrorCode.UNKNOWN_OP, "must be one of place, cancel, amend,"
                        + " cancel_all, update_mark_price, advance_time, deposit, withdraw, set_leverage, apply_funding");
        }
    }

    private long timestamp(JsonFields f) {
        return f.requiredLong("timestamp", 0);
    }

    private MarketSpec spec(long marketId) {
        // Orders mostly come for the market of the order before: one compare instead of a boxed tree lookup.
        MarketSpec recent = lastSpec;
        if (recent != null && recent.marketId() == marketId) {
            return recent;
        }
        MarketSpec spec = markets.find(marketId).orElseGet(() -> MarketSpec.defaults(marketId));
        lastSpec = spec;
        return spec;
    }

    private Command place(JsonFields f) {
        String typeName = f.optionalString("order_type");
        if (typeName != null && !ORDER_TYPES.contains(typeName)) {
            throw new JsonFields.Failure("order_type", ParseErrorCode.INVALID_FIELD,
                    "must be one of " + String.join(", ", ORDER_TYPES));
        }
        if (typeName != null && (typeName.startsWith("stop_") || typeName.startsWith("take_profit_"))) {
            return conditional(f, typeName);
        }
        for (String field : List.of("trigger_price", "trigger_by", "oco_group")) {
            if (f.present(field)) {
                throw new JsonFields.Failure(field, ParseErrorCode.INVALID_FIELD,
                        "only for stop_* and take_profit_* order types");
            }
        }
        long timestamp = timestamp(f);
        String user = f.requiredUser();
        long marketId = f.requiredLong("market_id", 0);
        MarketSpec spec = spec(marketId);
        Side side = f.requiredEnum("side", WIRE_SIDE);
        OrderType type = f.optionalEnum("order_type", WIRE_ORDER_TYPE, OrderType.LIMIT);
        TimeInForce tif = f.optionalEnum("time_in_force", WIRE_TIME_IN_FORCE,
                type == OrderType.MARKET ? TimeInForce.IOC : TimeInForce.GTC);
        long price = type == OrderType.LIMIT
                ? f.requiredDecimal("price", spec.priceDecimals())
                : f.optionalDecimal("price", spec.priceDecimals(), PlaceOrder.NO_PRICE);
        long size = f.requiredDecimal("size", spec.sizeDecimals());
        String clientOrderId = f.optionalString("client_order_id");
        boolean reduceOnly = f.optionalBoolean("reduce_only", false);
        StpMode stp = f.optionalEnum("stp", WIRE_STP_MODE, null);
        long expiresAt = f.optionalLong("expires_at", 0, PlaceOrder.NO_EXPIRY);
        return new PlaceOrder(timestamp, user, marketId, side, type, tif, price, size, clientOrderId, reduceOnly,
                stp, expiresAt);
    }

    private PlaceConditionalOrder conditional(JsonFields f, String typeName) {
        if (f.present("time_in_force")) {
            throw new JsonFields.Failure("time_in_force", ParseErrorCode.INVALID_FIELD,
                    "not used by conditional orders (limit kinds rest as gtc, market kinds are ioc)");
        }
        long timestamp = timestamp(f);
        String user = f.requiredUser();
        long marketId = f.requiredLong("market_id", 0);
        MarketSpec spec = spec(marketId);
        Side side = f.requiredEnum("side", WIRE_SIDE);
        TriggerKind kind = typeName.startsWith("stop_") ? TriggerKind.STOP : TriggerKind.TAKE_PROFIT;
        OrderType execution = typeName.endsWith("_market") ? OrderType.MARKET : OrderType.LIMIT;
        long trigger = f.requiredDecimal("trigger_price", spec.priceDecimals());
        TriggerReference by = f.optionalEnum("trigger_by", WIRE_TRIGGER_REFERENCE, TriggerReference.LAST);
        long price = execution == OrderType.LIMIT
                ? f.requiredDecimal("price", spec.priceDecimals())
                : f.optionalDecimal("price", spec.priceDecimals(), PlaceOrder.NO_PRICE);
        long size = f.requiredDecimal("size", spec.sizeDecimals());
        String clientOrderId = f.optionalString("client_order_id");
        boolean reduceOnly = f.optionalBoolean("reduce_only", false);
        StpMode stp = f.optionalEnum("stp", WIRE_STP_MODE, null);
        long expiresAt = f.optionalLong("expires_at", 0, PlaceOrder.NO_EXPIRY);
        String oco = f.optionalString("oco_group");
        return new PlaceConditionalOrder(timestamp, user, marketId, side, kind, execution, trigger, by, price, size,
                clientOrderId, reduceOnly, stp, expiresAt, oco);
    }

    private UpdateMarkPrice updateMark(JsonFields f) {
        long timestamp = timestamp(f);
        String user = f.requiredUser();
        long marketId = f.requiredLong("market_id", 0);
        long mark = f.requiredDecimal("mark_price", spec(marketId).priceDecimals());
        long index = f.optionalDecimal("index_price", spec(marketId).priceDecimals(), UpdateMarkPrice.NO_INDEX);
        return new UpdateMarkPrice(timestamp, user, marketId, mark, index);
    }

    private CancelOrder cancel(JsonFields f) {
        long timestamp = timestamp(f);
        String user = f.requiredUser();
        long marketId = f.optionalLong("market_id", 0, CancelOrder.ANY_MARKET);
        long orderId = orderId(f);
        String clientOrderId = f.optionalString("client_order_id");
        requireOrderName(orderId, clientOrderId);
        return new CancelOrder(timestamp, user, marketId, orderId, clientOrderId);
    }

    private Command amend(JsonFields f) {
        long timestamp = timestamp(f);
        String user = f.requiredUser();
        long marketId = f.requiredLong("market_id", 0);
        MarketSpec spec = spec(marketId);
        long orderId = orderId(f);
        String clientOrderId = f.optionalString("client_order_id");
        requireOrderName(orderId, clientOrderId);
        long price = f.optionalDecimal("price", spec.priceDecimals(), AmendOrder.UNCHANGED);
        if (price == 0 && f.present("price")) {
            throw new JsonFields.Failure("price", ParseErrorCode.INVALID_NUMBER, "must be positive (omit it to keep the price)");
        }
        long size = f.optionalDecimal("size", spec.sizeDecimals(), AmendOrder.UNCHANGED);
        if (size == 0 && f.present("size")) {
            throw new JsonFields.Failure("size", ParseErrorCode.INVALID_NUMBER, "must be positive (omit it to keep the size)");
        }
        if (f.present("trigger_price")) {
            long trigger = f.requiredDecimal("trigger_price", spec.priceDecimals());
            if (trigger == 0) {
                throw new JsonFields.Failure("trigger_price", ParseErrorCode.INVALID_NUMBER, "must be positive");
            }
            return new AmendConditionalOrder(timestamp, user, marketId, orderId, clientOrderId, trigger, price, size);
        }
        return new AmendOrder(timestamp, user, marketId, orderId, clientOrderId, price, size);
    }

    private CancelAll cancelAll(JsonFields f) {
        long timestamp = timestamp(f);
        String user = f.requiredUser();
        long marketId = f.optionalLong("market_id", 0, CancelAll.ALL_MARKETS);
        return new CancelAll(timestamp, user, marketId);
    }

    private static long orderId(JsonFields f) {
        String text = f.optionalString("order_id");
        if (text == null) {
            return CancelOrder.NO_ORDER_ID;
        }
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new JsonFields.Failure("order_id", ParseErrorCode.INVALID_FIELD, "must be a UUID");
        }
        long number = Ids.orderNumber(UUID.fromString(text));
        return number > 0 ? number : FOREIGN_ORDER_NUMBER;
    }

    private static void requireOrderName(long orderId, String clientOrderId) {
        if (orderId == CancelOrder.NO_ORDER_ID && clientOrderId == null) {
            throw new JsonFields.Failure("order_id", ParseErrorCode.MISSING_FIELD,
                    "order_id or client_order_id is required");
        }
    }

    /** The command as one JSON object without line break; {@link #parse(String)} gives it back. */
    public String write(Command command) {
        StringWriter out = new StringWriter(192);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            write(command, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the command as one JSON object. */
    public void write(Command command, JsonGenerator g) throws IOException {
        writer.write(command, g);
    }

    /** A parser's message without its location lines, at most 200 characters (also {@code replay --server}'s). */
    public static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        String first = nl < 0 ? message : message.substring(0, nl);
        // the parser names its (redacted) source inside a location: keep only the line and column
        first = PARSER_SOURCE.matcher(first).replaceAll("$1");
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }
}
