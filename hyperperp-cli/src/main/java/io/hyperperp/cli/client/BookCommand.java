package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.cli.VersionProvider;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hyperperp book}: the L2 depth of a market as a table with size bars; {@code --watch} follows it live. */
@Command(name = "book",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Show a market's order book (GET /v1/orderbook/{market_id}): asks above, bids below, with size bars.",
            "--watch redraws it on every change from the stream (GET /v1/stream?channels=book:M)."})
public final class BookCommand extends ClientCommand {

    private static final int BAR_WIDTH = 30;

    @Parameters(index = "0", paramLabel = "MARKET", description = "Market id.")
    long market;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "10", description = "Levels per side (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--watch", description = "Follow the book live from the event stream, redrawing on every change.")
    boolean watch;

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N updates (the first drawing included).")
    Long count;

    @Option(names = "--timeout", paramLabel = "SECS", description = "With --watch: stop after SECS seconds.")
    Double timeout;

    /** One price level. */
    record Level(BigDecimal price, String priceText, String size, int orders) {
    }

    @Override
    void validate() {
        if (market < 0) {
            throw usage("MARKET must not be negative");
        }
        if (depth < 1 || depth > 5000) {
            throw usage("--depth must be between 1 and 5000");
        }
        if (!watch && (count != null || timeout != null)) {
            throw usage("--count and --timeout need --watch");
        }
        if (count != null && count < 1) {
            throw usage("--count must be positive");
        }
        if (timeout != null && !(timeout > 0)) {
            throw usage("--timeout must be positive");
        }
    }

    @Override
    int run(ApiClient api) throws Exception {
        if (!watch) {
            ApiClient.Reply r = ApiClient.require(api.get("/v1/orderbook/" + market + ApiClient.query("depth", depth)), false);
            if (json()) {
                printJson(r.json());
            } else {
                render(out(), market, r.json().path("sequence").asText("-"), levels(r.json().path("bids")),
                        levels(r.json().path("asks")), depth, false);
            }
            return ExitCodes.OK;
        }
        boolean terminal = System.console() != null;
        TreeMap<BigDecimal, Level> bids = new TreeMap<>(Comparator.reverseOrder());
        TreeMap<BigDecimal, Level> asks = new TreeMap<>();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.round(timeout * 1e9);
        long drawn = 0;
        // A stream the server ends at its age bound is reopened afresh: its snapshot replaces the book drawn so far.
        try (ReconnectingStream stream = new ReconnectingStream(api,
                "/v1/stream" + ApiClient.query("channels", "book:" + market), false, false, null)) {
            while (count == null || drawn < count) {
                Sse.Event e = stream.next(deadline);
                if (e == null) {
                    break;
                }
                JsonNode data = ApiClient.MAPPER.readTree(e.data());
                String sequence = e.id() == null ? "-" : e.id();
                switch (e.event()) {
                    case "snapshot" -> {
                        bids.clear();
                        asks.clear();
                        for (Level l : levels(data.path("bids"))) {
                            bids.put(l.price(), l);
                        }
                        for (Level l : levels(data.path("asks"))) {
                            asks.put(l.price(), l);
                        }
                    }
                    case "level_changed" -> {
                        Map<BigDecimal, Level> side = "buy".equals(data.path("side").asText()) ? bids : asks;
                        Level l = level(data);
                        if (l.orders() == 0 || new BigDecimal(l.size()).signum() == 0) {
                            side.remove(l.price());
                        } else {
                            side.put(l.price(), l);
                        }
                    }
                    default -> {
                        continue;
                    }
                }
                drawn++;
                if (json()) {
                    out().println(ApiClient.MAPPER.createObjectNode().put("event", e.event()).put("sequence", sequence)
                            .set("data", data).toString());
                } else {
                    if (terminal) {
                        out().print("\033[H\033[2J");
                    } else if (drawn > 1) {
                        out().println();
                    }
                    render(out(), market, sequence, new ArrayList<>(bids.values()), new ArrayList<>(asks.values()),
                            depth, terminal);
                }
                out().flush();
            }
        }
        return ExitCodes.OK;
    }

    static List<Level> levels(JsonNode array) {
        List<Level> list = new ArrayList<>();
        for (JsonNode n : array) {
            list.add(level(n));
        }
        return list;
    }

    static Level level(JsonNode n) {
        String price = n.path("price").asText();
        return new Level(new BigDecimal(price), price, n.path("size").asText(), n.path("order_count").asInt());
    }

    /** Asks (best at the bottom), the spread, then bids (best on top), each with a bar scaled to the largest size. */
    static void render(PrintWriter out, long market, String sequence, List<Level> bids, List<Level> asks, int depth,
                       boolean unicode) {
        List<Level> b = bids.subList(0, Math.min(depth, bids.size()));
        List<Level> a = asks.subList(0, Math.min(depth, asks.size()));
        BigDecimal max = BigDecimal.ZERO;
        for (Level l : b) {
            max = max.max(new BigDecimal(l.size()));
        }
        for (Level l : a) {
            max = max.max(new BigDecimal(l.size()));
        }
        out.println("market " + market + "  sequence " + sequence + "  bids " + bids.size() + " levels, asks "
                + asks.size() + " levels");
        Table t = new Table("SIDE", ">PRICE", ">SIZE", ">ORDERS", "DEPTH");
        for (int i = a.size() - 1; i >= 0; i--) {
            Level l = a.get(i);
            t.row("ask", l.priceText(), l.size(), l.orders(), bar(l.size(), max, unicode));
        }
        if (!a.isEmpty() && !b.isEmpty()) {
            t.row("---", "spread " + a.get(0).price().subtract(b.get(0).price()).toPlainString(), "", "", "");
        } else if (a.isEmpty() && b.isEmpty()) {
            t.row("", "(empty)", "", "", "");
        }
        for (Level l : b) {
            t.row("bid", l.priceText(), l.size(), l.orders(), bar(l.size(), max, unicode));
        }
        t.print(out);
    }

    private static String bar(String size, BigDecimal max, boolean unicode) {
        if (max.signum() == 0) {
            return "";
        }
        double fraction = new BigDecimal(size).doubleValue() / max.doubleValue();
        int n = Math.max(1, (int) Math.round(fraction * BAR_WIDTH));
        return (unicode ? "\u2588" : "#").repeat(n);
    }
}
