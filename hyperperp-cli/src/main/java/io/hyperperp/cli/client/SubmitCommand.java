package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.cli.VersionProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hyperperp submit}: places one order (POST /v1/orders). */
@Command(name = "submit",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Place an order (POST /v1/orders): limit, market, or a conditional stop / take-profit order."})
public final class SubmitCommand extends ClientCommand {

    static final class SideGroup {
        @Option(names = "--buy", required = true, description = "Buy side.")
        boolean buy;

        @Option(names = "--sell", required = true, description = "Sell side.")
        boolean sell;
    }

    static final class TriggerGroup {
        @Option(names = "--stop", paramLabel = "T",
                description = "Stop order triggered at price T (order_type stop_limit with --limit, else stop_market).")
        String stop;

        @Option(names = "--take-profit", paramLabel = "T",
                description = "Take-profit order triggered at price T (take_profit_limit with --limit, else take_profit_market).")
        String takeProfit;
    }

    @Option(names = "--user", paramLabel = "ADDR",
            description = "Owner's address (user_address), e.g. 0xa11ce. Default: the --key-file's account address.")
    String user;

    @Option(names = "--market", paramLabel = "M", required = true, description = "Market id (market_id).")
    long market;

    @ArgGroup(exclusive = true, multiplicity = "1")
    SideGroup side;

    @Option(names = {"--limit", "--price"}, paramLabel = "P",
            description = "Limit price (required for limit orders); for market orders the worst acceptable price.")
    String price;

    @Option(names = "--size", paramLabel = "S", required = true, description = "Order size.")
    String size;

    @Option(names = "--market-order", description = "A market order (same as --type market; with --stop/--take-profit: the _market kind).")
    boolean marketOrder;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "order_type: limit (default), market, stop_market, stop_limit, take_profit_market, take_profit_limit.")
    String type;

    @Option(names = "--tif", paramLabel = "TIF", description = "time_in_force: gtc, ioc, fok, post_only (market orders default to ioc).")
    String tif;

    @Option(names = "--client-order-id", paramLabel = "C", description = "Your id for the order (1-36 of [A-Za-z0-9._:/-]).")
    String clientOrderId;

    @Option(names = "--reduce-only", description = "Only reduce the position.")
    boolean reduceOnly;

    @Option(names = "--stp", paramLabel = "MODE", description = "Self-trade prevention: none, cancel_maker, cancel_taker, cancel_both.")
    String stp;

    @Option(names = "--expires-at", paramLabel = "WHEN",
            description = "Expiry: microseconds since the epoch, an ISO-8601 instant (2026-01-01T00:00:00Z) or +DURATION (+30s, +5m, +2h).")
    String expiresAt;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    TriggerGroup trigger;

    @Option(names = "--trigger-by", paramLabel = "REF", description = "Reference price of a conditional order: last (default) or mark.")
    String triggerBy;

    @Option(names = "--oco", paramLabel = "GROUP", description = "One-cancels-other group of a conditional order (oco_group).")
    String oco;

    @Override
    void validate() {
        if (market < 0) {
            throw usage("--market must not be negative");
        }
        boolean conditional = trigger != null;
        if (!conditional && (triggerBy != null || oco != null)) {
            throw usage("--trigger-by and --oco need --stop or --take-profit");
        }
        if (conditional && tif != null) {
            throw usage("--tif does not apply to conditional orders");
        }
        if (type != null && marketOrder && !type.endsWith("market")) {
            throw usage("--market-order contradicts --type " + type);
        }
        if (triggerBy != null && !triggerBy.equals("last") && !triggerBy.equals("mark")) {
            throw usage("--trigger-by must be last or mark");
        }
        String t = orderType();
        if ((t.equals("limit") || t.endsWith("_limit")) && price == null) {
            throw usage("--limit P is required for a " + t + " order (or use --market-order)");
        }
        if (!t.equals("limit") && !t.equals("market") && !conditional) {
            throw usage("--type " + t + " needs --stop T or --take-profit T for the trigger price");
        }
    }

    String orderType() {
        if (trigger != null) {
            String kind = trigger.stop != null ? "stop" : "take_profit";
            if (type != null) {
                if (!type.startsWith(kind + "_")) {
                    throw usage("--type " + type + " contradicts --" + (kind.equals("stop") ? "stop" : "take-profit"));
                }
                return type;
            }
            return kind + (marketOrder || price == null ? "_market" : "_limit");
        }
        if (type != null) {
            return type;
        }
        return marketOrder ? "market" : "limit";
    }

    @Override
    int run(ApiClient api) {
        ObjectNode body = ApiClient.MAPPER.createObjectNode();
        body.put("user_address", user(user, "--user"));
        body.put("market_id", market);
        body.put("side", side.buy ? "buy" : "sell");
        body.put("order_type", orderType());
        body.put("size", size);
        if (price != null) {
            body.put("price", price);
        }
        if (tif != null) {
            body.put("time_in_force", tif);
        }
        if (clientOrderId != null) {
            body.put("client_order_id", clientOrderId);
        }
        if (reduceOnly) {
            body.put("reduce_only", true);
        }
        if (stp != null) {
            body.put("stp", stp);
        }
        if (expiresAt != null) {
            body.put("expires_at", expiryMicros(expiresAt));
        }
        if (trigger != null) {
            body.put("trigger_price", trigger.stop != null ? trigger.stop : trigger.takeProfit);
            if (triggerBy != null) {
                body.put("trigger_by", triggerBy);
            }
            if (oco != null) {
                body.put("oco_group", oco);
            }
        }
        ApiClient.Reply r = ApiClient.require(api.send("POST", "/v1/orders", body.toString(), true), true);
        if (json()) {
            printJson(r.json());
        } else {
            OrderOutput.orderResult(out(), "order", r.json());
        }
        return ExitCodes.OK;
    }

    private long expiryMicros(String text) {
        String s = text.strip();
        try {
            if (s.startsWith("+")) {
                String d = s.substring(1).toUpperCase(Locale.ROOT);
                Duration duration = Duration.parse(d.endsWith("D") ? "P" + d : "PT" + d);
                return micros(Instant.now().plus(duration), text);
            }
            // ASCII digits only: Long.parseLong also reads Arabic-Indic or full-width digits as a time
            if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Long.parseLong(s);
            }
            return micros(Instant.parse(s), text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw usage("--expires-at must be microseconds, an ISO-8601 instant or +DURATION (+30s), got '" + text + "'");
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw usage(tooFar(text));
        }
    }

    /**
     * Microseconds since the epoch, checked: unchecked, +99999999999d wrapped around 2^63 into an expiry in some other
     * century that the server accepted, and +106751991d into a negative one it refused as "must be at least 0".
     */
    private long micros(Instant at, String text) {
        try {
            return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw usage(tooFar(text));
        }
    }

    private static String tooFar(String text) {
        return "--expires-at is too far from now: microseconds since the epoch must fit in 64 bits (about"
                + " year 294,000), got '" + text + "'";
    }
}
