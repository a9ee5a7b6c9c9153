package io.hyperperp.server.json;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandJsonTest {

    private static final String BASE = "\"timestamp\":1700000000000000,\"user_address\":\"0xa11ce\",\"market_id\":1";
    private final CommandJson json = new CommandJson(MarketRegistry.defaults());

    private Command ok(String line) {
        ParseResult r = json.parse(line);
        assertThat(r).as(line).isInstanceOf(ParsedCommand.class);
        return ((ParsedCommand) r).command();
    }

    private ParseError error(String line) {
        ParseResult r = json.parse(line);
        assertThat(r).as(line).isInstanceOf(ParseError.class);
        return (ParseError) r;
    }

    private String place(String extra) {
        return "{\"op\":\"place\"," + BASE + ",\"side\":\"buy\",\"price\":\"30000.0\",\"size\":\"10.0\"" + extra + "}";
    }

    @Test
    void parsesTheFullPlaceExample() {
        Command c = ok("{\"op\":\"place\",\"timestamp\":1700000000000000,\"user_address\":\"0xa11ce\",\"market_id\":1,"
                + "\"side\":\"buy\",\"order_type\":\"limit\",\"time_in_force\":\"gtc\",\"price\":\"30000.0\","
                + "\"size\":\"10.0\",\"client_order_id\":\"c1\",\"reduce_only\":false,\"stp\":\"none\",\"expires_at\":null}");
        assertThat(c).isEqualTo(new PlaceOrder(1_700_000_000_000_000L, "0xa11ce", 1, Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, 3_000_000_000_000L, 1_000_000_000L, "c1", false, StpMode.NONE, 0));
    }

    @Test
    void defaultsOrderTypeAndTimeInForce() {
        PlaceOrder limit = (PlaceOrder) ok(place(""));
        assertThat(limit.orderType()).isEqualTo(OrderType.LIMIT);
        assertThat(limit.timeInForce()).isEqualTo(TimeInForce.GTC);
        assertThat(limit.stp()).isNull();
        assertThat(limit.clientOrderId()).isNull();
        PlaceOrder market = (PlaceOrder) ok("{\"op\":\"place\"," + BASE
                + ",\"side\":\"sell\",\"order_type\":\"market\",\"size\":\"1\",\"price\":null}");
        assertThat(market.timeInForce()).isEqualTo(TimeInForce.IOC);
        assertThat(market.price()).isEqualTo(PlaceOrder.NO_PRICE);
    }

    @Test
    void limitOrderNeedsAPrice() {
        ParseError e = error("{\"op\":\"place\"," + BASE + ",\"side\":\"buy\",\"size\":\"1\"}");
        assertThat(e.code()).isEqualTo(ParseErrorCode.MISSING_FIELD);
        assertThat(e.field()).isEqualTo("price");
    }

    @Test
    void parsesCancelByClientIdAndByUuid() {
        assertThat(ok("{\"op\":\"cancel\"," + BASE + ",\"client_order_id\":\"c1\"}"))
                .isEqualTo(new CancelOrder(1_700_000_000_000_000L, "0xa11ce", 1, 0, "c1"));
        String uuid = Ids.order(42).toString();
        CancelOrder byId = (CancelOrder) ok("{\"op\":\"cancel\",\"timestamp\":5,\"user_address\":\"0xb0b\",\"order_id\":\""
                + uuid + "\"}");
        assertThat(byId.orderId()).isEqualTo(42);
        assertThat(byId.marketId()).isEqualTo(CancelOrder.ANY_MARKET);
        CancelOrder upper = (CancelOrder) ok("{\"op\":\"cancel\",\"timestamp\":5,\"user_address\":\"0xb0b\",\"order_id\":\""
                + uuid.toUpperCase(java.util.Locale.ROOT) + "\"}");
        assertThat(upper.orderId()).isEqualTo(42);
    }

    @Test
    void anUnknownEnumNameListsTheWireNamesOnTheTreeAndTheScannedPath() {
        String side = "{\"op\":\"place\"," + BASE + ",\"side\":\"Buy\",\"price\":\"1\",\"size\":\"1\"}";
        String stp = "{\"op\":\"place\"," + BASE + ",\"side\":\"sell\",\"price\":\"1\",\"size\":\"1\",\"stp\":\"both\"}";
        for (ParseResult r : List.of(json.parse(side), json.parse(FlatObjectScanner.scan(
                side.getBytes(java.nio.charset.StandardCharsets.US_ASCII))))) {
            assertThat(r).isEqualTo(new ParseError("side", ParseErrorCode.INVALID_FIELD, "must be one of buy, sell"));
        }
        for (ParseResult r : List.of(json.parse(stp), json.parse(FlatObjectScanner.scan(
                stp.getBytes(java.nio.charset.StandardCharsets.US_ASCII))))) {
            assertThat(r).isEqualTo(new ParseError("stp", ParseErrorCode.INVALID_FIELD,
                    "must be one of none, cancel_taker, cancel_maker, cancel_both"));
        }
        // The scanner's shared node and the tree's fresh string name the same constant.
        String sell = "{\"op\":\"place\"," + BASE + ",\"side\":\"sell\",\"price\":\"1\",\"size\":\"1\"}";
        assertThat(((PlaceOrder) ((ParsedCommand) json.parse(FlatObjectScanner.scan(
                sell.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))).command()).side()).isEqualTo(Side.SELL);
        assertThat(((PlaceOrder) ok(sell)).side()).isEqualTo(Side.SELL);
    }

    @Test
    void foreignUuidNamesAnOrderThatCannotExist() {
        CancelOrder c = (CancelOrder) ok("{\"op\":\"cancel\"," + BASE
                + ",\"order_id\":\"123e4567-e89b-12d3-a456-426614174000\"}");
        assertThat(c.orderId()).isEqualTo(CommandJson.FOREIGN_ORDER_NUMBER);
        assertThat(error("{\"op\":\"cancel\"," + BASE + ",\"order_id\":\"1-1-1-1-1\"}").code())
                .isEqualTo(ParseErrorCode.INVALID_FIELD);
        assertThat(error("{\"op\":\"cancel\"," + BASE + "}").code()).isEqualTo(ParseErrorCode.MISSING_FIELD);
    }

    @Test
    void parsesAmendWithOptionalPriceAndSize() {
        assertThat(ok("{\"op\":\"amend\"," + BASE + ",\"client_order_id\":\"c1\",\"price\":\"30010.0\",\"size\":\"5.0\"}"))
                .isEqualTo(new AmendOrder(1_700_000_000_000_000L, "0xa11ce", 1, 0, "c1", 3_001_000_000_000L, 500_000_000L));
        AmendOrder priceOnly = (AmendOrder) ok("{\"op\":\"amend\"," + BASE + ",\"client_order_id\":\"c1\",\"price\":\"1\"}");
        assertThat(priceOnly.newSize()).isEqualTo(AmendOrder.UNCHANGED);
        AmendOrder nothing = (AmendOrder) ok("{\"op\":\"amend\"," + BASE + ",\"client_order_id\":\"c1\",\"size\":null}");
        assertThat(nothing.newPrice()).isZero();
        assertThat(error("{\"op\":\"amend\"," + BASE + ",\"client_order_id\":\"c1\",\"size\":\"0\"}").code())
                .isEqualTo(ParseErrorCode.INVALID_NUMBER);
    }

    @Test
    void parsesCancelAllWithAndWithoutMarket() {
        assertThat(ok("{\"op\":\"cancel_all\"," + BASE + "}")).isEqualTo(new CancelAll(1_700_000_000_000_000L, "0xa11ce", 1));
        assertThat(ok("{\"op\":\"cancel_all\",\"timestamp\":1,\"user_address\":\"0xa11ce\",\"market_id\":null}"))
                .isEqualTo(new CancelAll(1, "0xa11ce", CancelAll.ALL_MARKETS));
    }

    @Test
    void jsonNumbersUseTheirExactDecimalValue() {
        PlaceOrder p = (PlaceOrder) ok("{\"op\":\"place\"," + BASE + ",\"side\":\"buy\",\"price\":30000.01,\"size\":0.1}");
        assertThat(p.price()).isEqualTo(3_000_001_000_000L);
        assertThat(p.size()).isEqualTo(10_000_000L);
        PlaceOrder integral = (PlaceOrder) ok("{\"op\":\"place\"," + BASE + ",\"side\":\"buy\",\"price\":3e4,\"size\":1}");
        assertThat(integral.price()).isEqualTo(3_000_000_000_000L);
        // 0.1 + 0.2 style values stay exact: 0.30000000 is representable, no binary rounding involved.
        PlaceOrder small = (PlaceOrder) ok("{\"op\":\"place\"," + BASE + ",\"side\":\"buy\",\"price\":0.30000000,\"size\":1}");
        assertThat(small.price()).isEqualTo(30_000_000L);
    }

    @Test
    void decimalsAreCheckedAgainstTheMarketScale() {
        MarketSpec two = new MarketSpec(7, "X", 2, 3, 1, 1, 1, 1_000_000, 0, 0, 0, 500, StpMode.NONE);
        CommandJson scaled = new CommandJson(MarketRegistry.of(List.of(two), true, null));
        String line = "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0x1\",\"market_id\":7,\"side\":\"buy\","
                + "\"price\":\"1.234\",\"size\":\"1\"}";
        ParseError e = (ParseError) scaled.parse(line);
        assertThat(e.code()).isEqualTo(ParseErrorCode.TOO_MANY_DECIMALS);
        assertThat(e.field()).isEqualTo("price");
        ParsedCommand okay = (ParsedCommand) scaled.parse(line.replace("1.234", "1.23"));
        assertThat(((PlaceOrder) okay.command()).price()).isEqualTo(123);
        assertThat(((ParseError) scaled.parse(line.replace("\"1.234\"", "1.234"))).code())
                .isEqualTo(ParseErrorCode.TOO_MANY_DECIMALS);
        // trailing zeros beyond the scale are exact
        assertThat(scaled.parse(line.replace("1.234", "1.230000"))).isInstanceOf(ParsedCommand.class);
    }

    @Test
    void strictMarketRegistryStillParsesWithDefaultDecimals() {
        CommandJson strict = new CommandJson(MarketRegistry.of(List.of(), false, null));
        assertThat(strict.parse(place("").replace("\"market_id\":1", "\"market_id\":99"))).isInstanceOf(ParsedCommand.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"\"", "\"1e5\"", "\"0x10\"", "\"1.2.3\"",
        "\" 1\"", "\"１\"", "\"1_000\"", "\"-1\"", "\"+1\"", "-1", "-0.5"})
    void rejectsNonNumbersAndNegatives(String price) {
        ParseError e = error(place("").replace("\"price\":\"30000.0\"", "\"price\":" + price));
        assertThat(e.code()).isEqualTo(ParseErrorCode.INVALID_NUMBER);
        assertThat(e.field()).isEqualTo("price");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "1E+19", "\"99999999999999999999\"", "\"100000000000\"", "92233720368.54775808",
        "123456789012345678901234567890"})
    void rejectsHugeNumbers(String size) {
        ParseError e = error(place("").replace("\"size\":\"10.0\"", "\"size\":" + size));
        assertThat(e.code()).isEqualTo(ParseErrorCode.NUMBER_OVERFLOW);
        assertThat(e.field()).isEqualTo("size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-400", "1E-9", "\"0.000000001\"", "0.123456789"})
    void rejectsTinyNumbers(String size) {
        assertThat(error(place("").replace("\"size\":\"10.0\"", "\"size\":" + size)).code())
                .isEqualTo(ParseErrorCode.TOO_MANY_DECIMALS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "[]", "null", "42", "\"place\"", "{\"op\":\"place\"} {}", "{\"op\":\"place\",}",
        "{'op':'place'}", "{\"op\":NaN}", "{\"op\":\"place\",\"op\":\"cancel\"}", "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
        "\u0000", "{\"op\":\"place\"\u0000}", "\uFEFF{}"})
    void rejectsMalformedJson(String line) {
        ParseError e = error(line);
        assertThat(e.code()).isEqualTo(ParseErrorCode.INVALID_JSON);
        assertThat(e.describe()).isNotBlank();
    }

    @Test
    void rejectsHugeLines() {
        String line = "{\"op\":\"cancel\"," + BASE + ",\"client_order_id\":\"" + "x".repeat(CommandJson.MAX_LINE_LENGTH) + "\"}";
        assertThat(error(line).code()).isEqualTo(ParseErrorCode.INVALID_JSON);
        assertThat(error(null).code()).isEqualTo(ParseErrorCode.INVALID_JSON);
    }

    @Test
    void rejectsMissingAndUnknownOps() {
        assertThat(error("{}").code()).isEqualTo(ParseErrorCode.MISSING_FIELD);
        assertThat(error("{\"op\":null}").code()).isEqualTo(ParseErrorCode.MISSING_FIELD);
        assertThat(error("{\"op\":1}").code()).isEqualTo(ParseErrorCode.INVALID_FIELD);
        assertThat(error("{\"op\":\"PLACE\"}").code()).isEqualTo(ParseErrorCode.UNKNOWN_OP);
        assertThat(error("{\"op\":\"transfer\"}").code()).isEqualTo(ParseErrorCode.UNKNOWN_OP);
    }

    @Test
    void rejectsUnknownFields() {
        ParseError e = error(place(",\"leverage\":10"));
        assertThat(e.code()).isEqualTo(ParseErrorCode.UNKNOWN_FIELD);
        assertThat(e.field()).isEqualTo("leverage");
        assertThat(error("{\"op\":\"cancel_all\"," + BASE + ",\"side\":\"buy\"}").code())
                .isEqualTo(ParseErrorCode.UNKNOWN_FIELD);
        ParseError control = error(place(",\"a\\u0007\u2028\":1"));
        assertThat(control.field()).doesNotContain("\u0007");
    }

    @Test
    void rejectsWrongTypes() {
        assertThat(error(place("").replace("1700000000000000", "\"1700000000000000\"")).field()).isEqualTo("timestamp");
        assertThat(error(place("").replace("1700000000000000", "1.5")).code()).isEqualTo(ParseErrorCode.INVALID_FIELD);
        assertThat(error(place("").replace("1700000000000000", "-1")).code()).isEqualTo(ParseErrorCode.INVALID_FIELD);
        assertThat(error(place("").replace("1700000000000000", "99999999999999999999")).code())
                .isEqualTo(ParseErrorCode.NUMBER_OVERFLOW);
        assertThat(error(place("").replace("\"market_id\":1", "\"market_id\":\"1\"")).field()).isEqualTo("market_id");
        assertThat(error(place("").replace("\"market_id\":1", "\"market_id\":-1")).field()).isEqualTo("market_id");
        assertThat(error(place(",\"reduce_only\":\"true\"")).field()).isEqualTo("reduce_only");
        assertThat(error(place(",\"client_order_id\":7")).field()).isEqualTo("client_order_id");
        assertThat(error(place(",\"expires_at\":\"soon\"")).field()).isEqualTo("expires_at");
        assertThat(error(place("").replace("\"price\":\"30000.0\"", "\"price\":true")).code())
                .isEqualTo(ParseErrorCode.INVALID_FIELD);
        assertThat(error(place("").replace("\"price\":\"30000.0\"", "\"price\":[\"1\"]")).code())
                .isEqualTo(ParseErrorCode.INVALID_FIELD);
        assertThat(error(place("").replace("\"price\":\"30000.0\"", "\"price\":{}")).code())
                .isEqualTo(ParseErrorCode.INVALID_FIELD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BUY", "Buy", "buy ", "bid", "", "b\u0075y\u0301", "ＢＵＹ"})
    void enumsNeedTheirExactWireName(String side) {
        ParseError e = error(place("").replace("\"side\":\"buy\"", "\"side\":\"" + side + "\""));
        assertThat(e.code()).isEqualTo(ParseErrorCode.INVALID_FIELD);
        assertThat(e.field()).isEqualTo("side");
    }

    @Test
    void dotlessIIsNotIoc() {
        assertThat(error(place(",\"time_in_force\":\"\u0131oc\"")).field()).isEqualTo("time_in_force");
        assertThat(error(place(",\"stp\":\"cancel_\u017Faker\"")).field()).isEqualTo("stp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "a11ce", "0xA11CE", "0X1", "0x0a11ce", "0x00", "0xg", " 0x1", "0x1 ",
        "0x１", "0x\u0661", "0x1\u0000"})
    void rejectsNonCanonicalAddresses(String address) {
        ParseError e = error(place("").replace("0xa11ce", address.replace("\u0000", "\\u0000")));
        assertThat(e.code()).isEqualTo(ParseErrorCode.INVALID_FIELD);
        assertThat(e.field()).isEqualTo("user_address");
    }

    @Test
    void acceptsCanonicalAddresses() {
        assertThat(ok(place("").replace("0xa11ce", "0x0")).userAddress()).isEqualTo("0x0");
        String longest = "0x" + "f".repeat(64);
        assertThat(ok(place("").replace("0xa11ce", longest)).userAddress()).isEqualTo(longest);
        assertThat(error(place("").replace("0xa11ce", longest + "f")).field()).isEqualTo("user_address");
    }

    @Test
    void oddUnicodeInStringsIsPassedOnOrRefusedButNeverThrows() {
        // A lone surrogate in a client order id is a valid JSON string; the engine refuses the id later.
        PlaceOrder p = (PlaceOrder) ok(place(",\"client_order_id\":\"\\ud800x\""));
        assertThat(p.clientOrderId()).isEqualTo("\ud800x");
        assertThat(json.parse(place(",\"client_order_id\":\"\uD83D\uDE00\u202E\""))).isInstanceOf(ParsedCommand.class);
        assertThat(json.parse("{\"op\":\"pl\u0430ce\"}")).isInstanceOf(ParseError.class);
    }

    @Test
    void writeRoundTrips() {
        List<Command> commands = List.of(
                new PlaceOrder(1, "0xa11ce", 1, Side.BUY, OrderType.LIMIT, TimeInForce.POST_ONLY, 3_000_000_000_000L,
                        1_000_000L, "c-1", true, StpMode.CANCEL_BOTH, 99),
                PlaceOrder.market(2, "0xb0b", 3, Side.SELL, 10_000L),
                new CancelOrder(3, "0xa11ce", 1, 17, null),
                CancelOrder.byClientId(4, "0xa11ce", "c-1"),
                new AmendOrder(5, "0xa11ce", 1, 0, "c-1", 2_999_000_000_000L, 0),
                new AmendOrder(6, "0xa11ce", 1, 9, null, 0, 20_000L),
                new CancelAll(7, "0xa11ce", CancelAll.ALL_MARKETS),
                new CancelAll(8, "0xa11ce", 2));
        for (Command c : commands) {
            String line = json.write(c);
            assertThat(line).doesNotContain("\n");
            assertThat(ok(line)).as(line).isEqualTo(c);
        }
    }
}
