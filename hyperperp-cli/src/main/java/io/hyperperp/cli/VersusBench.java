package io.hyperperp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.bench.ThreadAffinity;
import io.hyperperp.bench.versus.FinalBook;
import io.hyperperp.bench.versus.MarginSetup;
import io.hyperperp.bench.versus.PacedVersus;
import io.hyperperp.bench.versus.VersusHarness;
import io.hyperperp.bench.versus.VersusIteration;
import io.hyperperp.bench.versus.VersusResult;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.engine.DepthLevel;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code hyperperp bench --versus exchange-core}: both engines on the same commands, run by run. */
final class VersusBench {

    /** The only engine there is to compare with. */
    static final String EXCHANGE_CORE = "exchange-core";

    private VersusBench() {
    }

    /**
     * What to run.
     *
     * @param commandsFile the command log
     * @param expectedFile the expected final state, or null for the default beside the log
     * @param margin       HyperPerp with margin checks on and every user funded
     * @param iterations   iterations, each engine once per iteration
     */
    record Options(Path commandsFile, Path expectedFile, boolean margin, int iterations) {
    }

    /** A class of exchange-core's order book: present only with the bench module's jar on the class path. */
    private static final String EXCHANGE_CORE_CLASS = "exchange.core2.core.orderbook.OrderBookDirectImpl";

    /**
     * Fails with how to run it when exchange-core is not on the class path: hyperperp.jar leaves it out
     * (it and its dependencies are 1.7 MB that only this benchmark uses).
     */
    static void requireExchangeCore() {
        try {
            Class.forName(EXCHANGE_CORE_CLASS, false, VersusBench.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new CliException("--versus " + EXCHANGE_CORE + ": exchange-core is not in this jar; put the bench "
                    + "module's jar beside it: java -cp hyperperp-cli/target/hyperperp.jar:"
                    + "hyperperp-bench/target/benchmarks.jar io.hyperperp.cli.Main bench --versus exchange-core ... "
                    + "(build it with: mvn -pl hyperperp-bench -am -DskipTests package)");
        }
    }

    static int run(PrintWriter out, PrintWriter err, boolean json, Options options, MarketRegistry registry,
                   List<Command> commands) throws IOException {
        Path commandsFile = options.commandsFile();
        Path expectedFile = options.expectedFile();
        if (commands.isEmpty()) {
            throw new CliException("commands file " + commandsFile + " has no commands");
        }
        long marketId = marketOf(commands.get(0));
        MarketSpec market = registry.find(marketId)
                .orElseThrow(() -> new CliException("market " + marketId + " is not configured"));
        Path expectedPath = expectedFile != null ? expectedFile : defaultExpected(commandsFile);
        FinalBook expected = expectedPath == null ? null : expectedBook(expectedPath, market);
        if (!json) {
            err.printf(Locale.ROOT, "final books checked against %s%n",
                    expectedPath == null ? "each other (no " + expectedName(commandsFile) + " beside the commands)"
                            : expectedPath.getFileName());
            err.flush();
        }
        VersusResult result;
        try {
            VersusHarness harness;
            if (options.margin()) {
                MarketRegistry margined = MarginSetup.registryOf(MarginSetup.withMargin(market));
                harness = new VersusHarness(market, handler -> new MatchingEngine(margined, handler),
                        MarginSetup.deposits(commands));
            } else {
                harness = new VersusHarness(market, handler -> new MatchingEngine(registry, handler), List.of());
            }
            result = harness.run(commands, expected, options.iterations());
        } catch (IllegalArgumentException e) {
            throw new CliException("--versus " + EXCHANGE_CORE + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new CliException("--versus " + EXCHANGE_CORE + " check failed: " + e.getMessage(), e);
        }
        String workload = "file " + commandsFile.getFileName()
                + (options.margin() ? " (HyperPerp with margin checks on, every user funded)" : "");
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(json(mapper, workload, result)));
        } else {
            out.print(human(workload, result));
        }
        out.flush();
        return 0;
    }

    /**
     * {@code --versus exchange-core --rate R}: HyperPerp, exchange-core and the no-op floor paced at one rate
     * ({@link PacedVersus}), both final books checked against exchange-core's unpaced run after every iteration.
     */
    static int runPaced(PrintWriter out, MarketRegistry registry, List<Command> commands, PacedVersus.Options options)
            throws Exception {
        try {
            PacedVersus.run(out, registry, commands, options);
        } catch (ThreadAffinity.PinningFailed e) {
            throw new CliException("cannot pin the threads: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliException("--versus " + EXCHANGE_CORE + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new CliException("--versus " + EXCHANGE_CORE + " check failed: " + e.getMessage(), e);
        }
        return 0;
    }

    private static long marketOf(Command command) {
        return switch (command) {
            case io.hyperperp.core.command.PlaceOrder place -> place.marketId();
            default -> throw new CliException("--versus " + EXCHANGE_CORE + ": the first command must place an order");
        };
    }

    private static String expectedName(Path commandsFile) {
        String name = commandsFile.getFileName().toString();
        for (String suffix : List.of(".gz", ".jsonl", ".json")) {
            if (name.endsWith(suffix)) {
                name = name.substring(0, name.length() - suffix.length());
            }
        }
        return name + ".expected.json";
    }

    /** {@code NAME.expected.json} beside {@code NAME.jsonl[.gz]}, if it exists. */
    private static Path defaultExpected(Path commandsFile) {
        Path candidate = commandsFile.resolveSibling(expectedName(commandsFile));
        return Files.isRegularFile(candidate) ? candidate : null;
    }

    /** The {@code book} of an expected-state file: {@code bids} and {@code asks}, each {@code price, size, order_count}. */
    static FinalBook expectedBook(Path file, MarketSpec market) {
        JsonNode root;
        try (BufferedReader in = InputFiles.openLines(file, "expected book file")) {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new CliException("cannot read expected book file " + file + ": " + InputFiles.reason(e), e);
        }
        JsonNode book = root == null ? null : root.get("book");
        if (book == null || !book.isObject()) {
            throw new CliException("expected book file " + file + ": no \"book\" object");
        }
        return new FinalBook(levels(file, book, "bids", market), levels(file, book, "asks", market));
    }

    private static List<DepthLevel> levels(Path file, JsonNode book, String side, MarketSpec market) {
        JsonNode array = book.get(side);
        if (array == null || !array.isArray()) {
            throw new CliException("expected book file " + file + ": book." + side + " must be an array");
        }
        List<DepthLevel> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode level = array.get(i);
            String where = "book." + side + "[" + i + "]";
            try {
                out.add(new DepthLevel(Decimals.parse(text(file, level, "price", where), market.priceDecimals()),
                        Decimals.parse(text(file, level, "size", where), market.sizeDecimals()),
                        Math.toIntExact(level.path("order_count").asLong(-1))));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new CliException("expected book file " + file + ": " + where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String text(Path file, JsonNode level, String field, String where) {
        JsonNode value = level.get(field);
        if (value == null || !value.isTextual()) {
            throw new CliException("expected book file " + file + ": " + where + "." + field + " must be a decimal string");
        }
        return value.asText();
    }

    static String human(String workload, VersusResult r) {
        StringBuilder out = new StringBuilder();
        long commands = r.iterations().get(0).commands();
        out.append(String.format(Locale.ROOT, "workload:   %s, %,d commands, %,d fills, rejects: exchange-core %,d,"
                + " HyperPerp %,d; %,d orders resting at the end%n", workload, commands, r.fills(),
                r.exchangeCoreRejects(), r.hyperperpRejects(), r.restingOrders()));
        out.append(String.format(Locale.ROOT, "check:      both final books equal %s in every iteration%n",
                r.checkedAgainst()));
        for (VersusIteration it : r.iterations()) {
            out.append(String.format(Locale.ROOT,
                    "iteration %d (%s first): exchange-core %,.0f commands/s, HyperPerp %,.0f commands/s, ratio %.2f"
                            + " (by CPU time %.2f)%n",
                    it.iteration(), it.exchangeCoreFirst() ? "exchange-core" : "HyperPerp",
                    it.exchangeCoreThroughput(), it.hyperperpThroughput(), it.ratio(), it.cpuRatio()));
        }
        String counted = r.iterations().size() == 1 ? "iteration 1" : "iterations 2-" + r.iterations().size();
        out.append(String.format(Locale.ROOT, "exchange-core: %,.0f commands/s (%s)%n", r.exchangeCoreThroughput(), counted));
        out.append(String.format(Locale.ROOT, "HyperPerp:     %,.0f commands/s (%s)%n", r.hyperperpThroughput(), counted));
        out.append(String.format(Locale.ROOT, "ratio:         %.2f (HyperPerp / exchange-core; per iteration %.2f-%.2f)%n",
                r.ratio(), r.minRatio(), r.maxRatio()));
        out.append(String.format(Locale.ROOT, "by CPU time:   %.2f (each engine's thread CPU time; per iteration %.2f-%.2f)%n",
                r.cpuRatio(), r.minCpuRatio(), r.maxCpuRatio()));
        return out.toString();
    }

    static ObjectNode json(ObjectMapper mapper, String workload, VersusResult r) {
        ObjectNode root = mapper.createObjectNode();
        root.put("workload", workload);
        root.put("versus", EXCHANGE_CORE);
        root.put("commands", r.iterations().get(0).commands());
        root.put("fills", r.fills());
        root.put("exchange_core_rejects", r.exchangeCoreRejects());
        root.put("hyperperp_rejects", r.hyperperpRejects());
        root.put("resting_orders", r.restingOrders());
        root.put("checked_against", r.checkedAgainst());
        ArrayNode iterations = root.putArray("iterations");
        for (VersusIteration it : r.iterations()) {
            ObjectNode node = iterations.addObject();
            node.put("iteration", it.iteration());
            node.put("first", it.exchangeCoreFirst() ? EXCHANGE_CORE : "hyperperp");
            node.put("exchange_core_per_second", Math.round(it.exchangeCoreThroughput()));
            node.put("hyperperp_per_second", Math.round(it.hyperperpThroughput()));
            node.put("ratio", it.ratio());
            node.put("cpu_ratio", it.cpuRatio());
        }
        root.put("exchange_core_per_second", Math.round(r.exchangeCoreThroughput()));
        root.put("hyperperp_per_second", Math.round(r.hyperperpThroughput()));
        root.put("ratio", r.ratio());
        root.put("min_ratio", r.minRatio());
        root.put("max_ratio", r.maxRatio());
        root.put("cpu_ratio", r.cpuRatio());
        return root;
    }
}
