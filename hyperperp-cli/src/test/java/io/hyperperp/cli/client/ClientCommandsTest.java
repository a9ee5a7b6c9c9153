package io.hyperperp.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.server.HyperperpServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every client command against an in-process server: happy paths, usage errors, rejections, server down. */
class ClientCommandsTest {

    static HyperperpServer server;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        server = Cli.server(Map.of());
        url = server.uri().toString();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Cli cli(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server";
        all[args.length + 1] = url;
        return Cli.run(all);
    }

    @Test
    void submitBookTradesOrdersPositions() throws Exception {
        Cli ask = cli("submit", "--user", "0xa11ce", "--market", "2", "--sell", "--limit", "30000", "--size", "10",
                "--tif", "post_only", "--client-order-id", "ask-1");
        assertThat(ask.exitCode()).as(ask.toString()).isZero();
        assertThat(ask.out()).contains(": open  ").contains("sell limit @ 30000.0");

        Cli bid = cli("submit", "--user", "0xb0b", "--market", "2", "--buy", "--limit", "30000", "--size", "4", "--json");
        assertThat(bid.exitCode()).as(bid.toString()).isZero();
        JsonNode placed = bid.json();
        assertThat(placed.get("status").asText()).isEqualTo("filled");
        assertThat(placed.get("fills").size()).isEqualTo(1);

        Cli book = cli("book", "2", "--depth", "5");
        assertThat(book.exitCode()).as(book.toString()).isZero();
        assertThat(book.out()).contains("ask").contains("30000.0").contains("6.0").contains("#");
        assertThat(cli("book", "2", "--json").json().get("asks").get(0).get("size").asText()).isEqualTo("6.0");

        Cli trades = cli("trades", "--market", "2");
        assertThat(trades.exitCode()).as(trades.toString()).isZero();
        assertThat(trades.out()).contains("TRADE_ID").contains("0xb0b").contains("0xa11ce").contains("4.0");
        assertThat(cli("trades", "--user", "0xb0b", "--json").json().get("trades").size()).isEqualTo(1);

        Cli orders = cli("orders", "--user", "0xa11ce", "--market", "2", "--status", "open");
        assertThat(orders.exitCode()).as(orders.toString()).isZero();
        assertThat(orders.out()).contains("ask-1").contains("partially_filled");

        Cli positions = cli("positions", "--user", "0xb0b");
        assertThat(positions.exitCode()).as(positions.toString()).isZero();
        assertThat(positions.out()).contains("long").contains("4.0").contains("balance:");

        Cli markets = cli("markets");
        assertThat(markets.exitCode()).as(markets.toString()).isZero();
        assertThat(markets.out()).contains("SYMBOL").contains("30000.0").contains("MARK").contains("OPEN_INTEREST");

        Cli health = cli("health");
        assertThat(health.exitCode()).as(health.toString()).isZero();
        assertThat(health.out()).contains("status: ok").contains("settlement.status");
        assertThat(cli("health", "--json").json().get("engine").asText()).isEqualTo("up");
    }

    @Test
    void amendCancelAndCancelAll() throws Exception {
        JsonNode o = cli("submit", "--user", "0xc0de", "--market", "3", "--buy", "--limit", "100", "--size", "5",
                "--client-order-id", "b1", "--json").json();
        String id = o.get("order_id").asText();
        Cli amended = cli("amend", id, "--size", "2");
        assertThat(amended.exitCode()).as(amended.toString()).isZero();
        assertThat(amended.out()).contains("amended " + id).contains("open 2.0");

        Cli amendedByClientId = cli("amend", "--client-order-id", "b1", "--user", "0xc0de", "--price", "101");
        assertThat(amendedByClientId.exitCode()).as(amendedByClientId.toString()).isZero();
        assertThat(amendedByClientId.out()).contains("amended " + id);
        assertThat(cli("amend", "--client-order-id", "nope", "--user", "0xc0de", "--size", "1").exitCode())
                .isEqualTo(ExitCodes.REJECTED);

        Cli byClientId = cli("cancel", "--client-order-id", "b1", "--user", "0xc0de");
        assertThat(byClientId.exitCode()).as(byClientId.toString()).isZero();
        assertThat(byClientId.out()).contains("cancelled " + id);

        Cli again = cli("cancel", id);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(again.err()).startsWith("error: ORDER_NOT_OPEN").doesNotContain("Exception");

        cli("submit", "--user", "0xc0de", "--market", "3", "--buy", "--limit", "90", "--size", "1");
        cli("submit", "--user", "0xc0de", "--market", "4", "--buy", "--limit", "90", "--size", "1");
        Cli all = cli("cancel-all", "--user", "0xc0de", "--market", "3");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("cancelled 1 order(s)");
        assertThat(cli("cancel-all", "--user", "0xc0de", "--json").json().get("cancelled").asInt()).isEqualTo(1);

        Cli market = cli("submit", "--user", "0xc0de", "--market", "5", "--sell", "--market-order", "--size", "1");
        assertThat(market.exitCode()).as(market.toString()).isZero();
        assertThat(market.out()).contains("no_liquidity");
    }

    private static String orderType(String... args) {
        SubmitCommand c = new SubmitCommand();
        new picocli.CommandLine(c).parseArgs(args);
        return c.orderType();
    }

    @Test
    void conditionalOrderTypes() {
        String[] base = {"--user", "0x1", "--market", "1", "--sell", "--size", "1"};
        java.util.function.Function<String[], String> type = extra -> {
            String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
            System.arraycopy(extra, 0, all, base.length, extra.length);
            return orderType(all);
        };
        assertThat(type.apply(new String[] {"--limit", "5"})).isEqualTo("limit");
        assertThat(type.apply(new String[] {"--market-order"})).isEqualTo("market");
        assertThat(type.apply(new String[] {"--stop", "90"})).isEqualTo("stop_market");
        assertThat(type.apply(new String[] {"--stop", "90", "--limit", "89"})).isEqualTo("stop_limit");
        assertThat(type.apply(new String[] {"--stop", "90", "--limit", "89", "--market-order"})).isEqualTo("stop_market");
        assertThat(type.apply(new String[] {"--take-profit", "110"})).isEqualTo("take_profit_market");
        assertThat(type.apply(new String[] {"--take-profit", "110", "--limit", "111"})).isEqualTo("take_profit_limit");
    }

    @Test
    void conditionalOrderReachesTheEngine() {
        cli("submit", "--user", "0xd1", "--market", "6", "--sell", "--limit", "100", "--size", "1");
        assertThat(cli("submit", "--user", "0xd2", "--market", "6", "--buy", "--limit", "100", "--size", "1").exitCode())
                .isZero();
        // Last price 100: a sell stop at 100 already holds, so the engine refuses it; the request itself is valid.
        Cli now = cli("submit", "--user", "0xd2", "--market", "6", "--sell", "--stop", "100", "--size", "1",
                "--oco", "bracket-1", "--trigger-by", "last");
        assertThat(now.exitCode()).as(now.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(now.err()).startsWith("error: WOULD_TRIGGER_IMMEDIATELY");
        Cli accepted = cli("submit", "--user", "0xd2", "--market", "6", "--sell", "--stop", "90", "--size", "1",
                "--json");
        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        assertThat(accepted.out()).contains("\"untriggered\"").contains("\"stop_market\"");
        assertThat(cli("submit", "--user", "0xd2", "--market", "6", "--sell", "--oco", "g", "--size", "1", "--limit", "1")
                .exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void batches() throws Exception {
        cli("submit", "--user", "0xe1", "--market", "8", "--sell", "--limit", "100", "--size", "1");
        cli("submit", "--user", "0xe2", "--market", "8", "--buy", "--limit", "100", "--size", "1");
        long deadline = System.currentTimeMillis() + 10_000;
        Cli b;
        do {
            Thread.sleep(50);
            b = cli("batches", "--status", "confirmed");
        } while (!b.out().contains("confirmed") && System.currentTimeMillis() < deadline);
        assertThat(b.exitCode()).as(b.toString()).isZero();
        assertThat(b.out()).contains("BATCH_ID").contains("confirmed");
        assertThat(cli("batches", "--json").json().get("batches").size()).isPositive();
    }

    @Test
    void rejectedOrderExitsThree() {
        Cli r = cli("submit", "--user", "0xa11ce", "--market", "1", "--buy", "--limit", "30000.000000001", "--size", "1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err().strip()).startsWith("error: TOO_MANY_DECIMALS").contains("(field: price)").contains("[HTTP 400]");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);

        Cli post = cli("submit", "--user", "0xf1", "--market", "9", "--sell", "--limit", "10", "--size", "1");
        assertThat(post.exitCode()).isZero();
        Cli cross = cli("submit", "--user", "0xf2", "--market", "9", "--buy", "--limit", "10", "--size", "1",
                "--tif", "post_only");
        assertThat(cross.exitCode()).as(cross.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(cross.err()).contains("POST_ONLY_WOULD_CROSS");
    }

    @Test
    void tickViolationExitsThree() throws Exception {
        try (HyperperpServer s = Cli.server(Map.of("server.markets_file", markets().toString()))) {
            Cli r = Cli.run("submit", "--server", s.uri().toString(), "--user", "0xa11ce", "--market", "1", "--buy",
                    "--limit", "30000.25", "--size", "1");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
            assertThat(r.err()).startsWith("error: INVALID_TICK").contains("(field: price)");
        }
    }

    private static java.nio.file.Path markets() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("markets", ".json");
        f.toFile().deleteOnExit();
        java.nio.file.Files.writeString(f, "{\"markets\":[{\"market_id\":1,\"price_decimals\":2,\"size_decimals\":4,"
                + "\"tick_size\":\"0.5\",\"lot_size\":\"0.001\"}]}");
        return f;
    }

    @Test
    void readErrorsExitOne() {
        Cli r = cli("orders", "--user", "0xABC");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).startsWith("error: ");
    }

    @Test
    void usageErrorsExitTwo() {
        Cli missing = cli("submit", "--market", "1", "--buy", "--size", "1", "--limit", "1");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--user");
        Cli both = cli("submit", "--user", "0x1", "--market", "1", "--buy", "--sell", "--size", "1", "--limit", "1");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
        Cli noPrice = cli("submit", "--user", "0x1", "--market", "1", "--buy", "--size", "1");
        assertThat(noPrice.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noPrice.err()).contains("--limit P is required");
        assertThat(cli("submit", "--bogus").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("book", "x").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("trades").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("cancel").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("amend", "48595045-0001-8000-8000-000000000001").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("health", "--server", "ftp://x").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("submit", "--user", "0x1", "--market", "1", "--buy", "--size", "1", "--limit", "1",
                "--expires-at", "tomorrow").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("watch", "trades:1", "--count", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anExpiryPastSixtyFourBitsOfMicrosecondsOrInOtherDigitsIsAUsageErrorNotAnotherTime() {
        // +99999999999d wrapped around 2^63 into an expiry the server accepted; +106751991d into a negative one
        for (String far : new String[] {"+99999999999d", "+106751991d", "+9999999999999h"}) {
            Cli run = cli("submit", "--user", "0x1", "--market", "1", "--buy", "--size", "1", "--limit", "1",
                    "--expires-at", far);
            assertThat(run.exitCode()).as(far + ": " + run.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("--expires-at is too far from now");
        }
        Cli arabic = cli("submit", "--user", "0x1", "--market", "1", "--buy", "--size", "1", "--limit", "1",
                "--expires-at", "\u0663\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660");
        assertThat(arabic.exitCode()).as(arabic.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(arabic.err()).contains("--expires-at must be microseconds");
    }

    @Test
    void serverDownExitsFour() throws Exception {
        String down = "http://127.0.0.1:" + Cli.freePort();
        for (String[] args : new String[][] {
                {"health"}, {"markets"}, {"book", "1"},
                {"submit", "--user", "0x1", "--market", "1", "--buy", "--size", "1", "--limit", "1"},
                {"watch", "trades:1", "--count", "1"}}) {
            String[] all = java.util.Arrays.copyOf(args, args.length + 2);
            all[args.length] = "--server";
            all[args.length + 1] = down;
            Cli r = Cli.run(all);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(r.err()).startsWith("error: server unavailable").doesNotContain("Exception");
        }
        Cli verbose = Cli.run("markets", "--server", down, "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(verbose.err()).contains("ConnectException");
    }

    @Test
    void completionScript() {
        Cli r = Cli.run("generate-completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("hyperperp").contains("submit").contains("cancel-all");
    }
}
