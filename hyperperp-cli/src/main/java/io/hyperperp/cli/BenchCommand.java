package io.hyperperp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hyperperp.bench.BenchResult;
import io.hyperperp.bench.HarnessOptions;
import io.hyperperp.bench.LatencyHarness;
import io.hyperperp.bench.MixedWorkload;
import io.hyperperp.bench.ThreadAffinity;
import io.hyperperp.bench.durable.DurableHarness;
import io.hyperperp.bench.versus.PacedVersus;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.server.json.CommandJson;
import io.hyperperp.server.json.ParseError;
import io.hyperperp.server.json.ParseErrorCode;
import io.hyperperp.server.json.ParseResult;
import io.hyperperp.server.json.ParsedCommand;
import io.hyperperp.cli.client.ApiClient;
import io.hyperperp.cli.client.ClientOptions;
import io.hyperperp.cli.client.HttpBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hyperperp bench}: throughput and latency percentiles of the engine on one thread. */
@picocli.CommandLine.Command(name = "bench",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Measure throughput and latency: the engine in memory, durably, a server, or next to exchange-core.",
            "In memory: engine throughput and per-command latency (p50, p99, p99.9, p99.99, max) on one thread;",
            "with --http URL a running server's throughput and request latency over keep-alive connections;",
            "with --versus exchange-core HyperPerp and exchange-core side by side on the same --commands.",
            "Commands are loaded into memory first (untimed); each iteration runs them on a fresh engine."})
public final class BenchCommand implements Callable<Integer>, HasCommonOptions {

    /** Where the commands come from: a file or the generator. */
    static final class Source {
        @Option(names = "--commands", paramLabel = "FILE", description = "Command log (JSON Lines) to time.")
        Path commands;

        @Option(names = "--generate", paramLabel = "N",
                description = "Generate N measured commands of the mixed workload (9%% GTC, 3%% IOC, 6%% cancel, 82%% amend) after a ~1,000-order warm-up.")
        Integer generate;

        @Option(names = "--http", paramLabel = "URL",
                description = "Load-test a running server over HTTP (keep-alive connections) instead of the in-process engine.")
        String http;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--iterations", paramLabel = "K", defaultValue = "5",
            description = "Iterations, each on a fresh engine; the first is JIT warm-up when K > 1 (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "Offered rate in commands/s; latency is then measured from each command's scheduled time. With --versus exchange-core: the no-op floor, HyperPerp and exchange-core paced in turns. 0 = flat out (default).")
    long rate;

    @Option(names = "--slice-ms", paramLabel = "MS", defaultValue = "" + HarnessOptions.DEFAULT_SLICE_MILLIS,
            description = "With --rate: the engine and the no-op floor take turns in slices of MS ms, each on its own schedule, so that a stall of the host is as likely to hit either (default ${DEFAULT-VALUE}).")
    int sliceMillis;

    @Option(names = "--pin-cpu", paramLabel = "CPU",
            description = "With --rate: pin the measuring thread (engine and floor alike) to this CPU and every other thread of the JVM (JIT compilers, GC, the VM thread) to the other CPUs, as a latency-sensitive deployment does (default: not pinned).")
    Integer pinCpu;

    @Option(names = "--measuring-nice", paramLabel = "N", defaultValue = "0",
            description = "With --pin-cpu: the measuring thread's nice level, -20 to 19 (below 0 needs CAP_SYS_NICE; default ${DEFAULT-VALUE}: unchanged).")
    int measuringNice;

    @Option(names = "--markets", paramLabel = "FILE", description = "Market configuration for --commands.")
    Path markets;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "10000",
            description = "With --http: requests to send (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--connections", paramLabel = "C", defaultValue = "4",
            description = "With --http: concurrent keep-alive connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
            description = "With --http: orders per request; N > 1 uses POST /v1/orders/batch (default ${DEFAULT-VALUE}: POST /v1/orders).")
    int batch;

    @Option(names = "--market", paramLabel = "M", defaultValue = "1", description = "With --http: market id (default ${DEFAULT-VALUE}).")
    long market;

    @Option(names = "--durable",
            description = "Run the commands through the engine with group commit to PostgreSQL and time each until its acknowledgement (after commit).")
    boolean durable;

    @Option(names = "--window", paramLabel = "W", defaultValue = "512",
            description = "With --durable and no --rate: commands in flight (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "With --durable: an empty PostgreSQL database to write to, as it is (default: a new embedded PostgreSQL in a temporary directory, its WAL preallocated as on a server that has been running, deleted afterwards).")
    String databaseUrl;

    @Option(names = "--versus", paramLabel = "ENGINE",
            description = "With --commands: run exchange-core's order book (OrderBookDirectImpl) on the same commands, alternating with HyperPerp run by run, check both final books and print both throughputs and the ratio; with --rate, pace HyperPerp, exchange-core and the no-op floor at that rate slice by slice and print each one's latency. ENGINE: exchange-core.")
    String versus;

    @Option(names = "--expected", paramLabel = "FILE",
            description = "With --versus: the expected final state (its \"book\"); default NAME.expected.json beside NAME.jsonl[.gz] if there is one, else the engines are checked against each other.")
    Path expected;

    @Option(names = "--margin",
            description = "With --versus: HyperPerp runs with its pre-trade margin checks on (the market under cross margin unless configured so, the oracle's first mark at the stream's first limit price and every user of the stream funded before each run, untimed).")
    boolean margin;

    @Option(names = "--trade-percent", paramLabel = "P", defaultValue = "50",
            description = "With --http: share of orders that cross the book as IOC orders; the rest rest as GTC orders (default ${DEFAULT-VALUE}).")
    int tradePercent;

    @Option(names = "--key-file", paramLabel = "F",
            description = "With --http: sign requests with this key; every order then belongs to its address.")
    Path keyFile;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() throws Exception {
        if (iterations <= 0) {
            throw new ParameterException(spec.commandLine(), "--iterations must be positive");
        }
        if (rate < 0) {
            throw new ParameterException(spec.commandLine(), "--rate must not be negative");
        }
        if (sliceMillis < 1 || sliceMillis > 60_000) {
            throw new ParameterException(spec.commandLine(), "--slice-ms must be between 1 and 60000");
        }
        if (pinCpu != null && rate == 0) {
            throw new ParameterException(spec.commandLine(), "--pin-cpu needs --rate");
        }
        if (measuringNice != 0 && pinCpu == null) {
            throw new ParameterException(spec.commandLine(), "--measuring-nice needs --pin-cpu");
        }
        if (measuringNice < -20 || measuringNice > 19) {
            throw new ParameterException(spec.commandLine(), "--measuring-nice must be between -20 and 19");
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        if (pinCpu != null && (pinCpu < 0 || pinCpu >= cpus || cpus < 2)) {
            throw new ParameterException(spec.commandLine(), cpus < 2
                    ? "--pin-cpu needs at least 2 CPUs (this JVM has 1)"
                    : "--pin-cpu must be a CPU of this JVM, 0-" + (cpus - 1));
        }
        if (source.generate != null && source.generate < 1) {
            throw new ParameterException(spec.commandLine(), "--generate must be positive");
        }
        if (window < 1) {
            throw new ParameterException(spec.commandLine(), "--window must be positive");
        }
        if ((databaseUrl != null || window != 512) && !durable) {
            throw new ParameterException(spec.commandLine(), "--window and --database-url need --durable");
        }
        if (durable && source.http != null) {
            throw new ParameterException(spec.commandLine(), "--durable and --http cannot be combined");
        }
        if (versus != null && !VersusBench.EXCHANGE_CORE.equals(versus)) {
            throw new ParameterException(spec.commandLine(), "--versus: unknown engine '" + versus + "' (exchange-core is the one there is)");
        }
        if (versus != null && (source.commands == null || durable)) {
            throw new ParameterException(spec.commandLine(), "--versus needs --commands and cannot be combined with --durable");
        }
        if (versus != null && rate != 0 && (expected != null || margin || json)) {
            throw new ParameterException(spec.commandLine(), "--versus with --rate checks both engines against exchange-core's"
                    + " unpaced run and prints text: --expected, --margin and --json are for --versus without --rate");
        }
        if (versus != null) {
            VersusBench.requireExchangeCore();
        }
        if ((expected != null || margin) && versus == null) {
            throw new ParameterException(spec.commandLine(), "--expected and --margin need --versus");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (source.http != null) {
            return http(out);
        }
        List<Command> warmup;
        List<Command> measured;
        MarketRegistry registry;
        String workload;
        if (source.generate != null) {
            long t0 = System.nanoTime();
            MixedWorkload w = MixedWorkload.generate(seed, source.generate);
            warmup = w.warmup();
            measured = w.measured();
            registry = MixedWorkload.registry();
            workload = "mixed (seed " + seed + ")";
            if (!json) {
                err.printf(Locale.ROOT, "generated %,d commands in %.1f s (book %,d-%,d orders, %,d trading commands)%n",
                        warmup.size() + measured.size(), (System.nanoTime() - t0) / 1e9,
                        w.stats().minRestingOrders(), w.stats().maxRestingOrders(), w.stats().tradingCommands());
                err.flush();
            }
        } else {
            registry = InputFiles.markets(markets);
            warmup = List.of();
            measured = load(source.commands, registry);
            workload = "file " + source.commands.getFileName();
        }
        if (versus != null && rate != 0) {
            return VersusBench.runPaced(out, registry, measured, new PacedVersus.Options(rate, iterations, sliceMillis,
                    pinCpu == null ? HarnessOptions.UNPINNED : pinCpu, measuringNice));
        }
        if (versus != null) {
            return VersusBench.run(out, err, json, new VersusBench.Options(source.commands, expected, margin, iterations),
                    registry, measured);
        }
        if (durable) {
            return DurableBench.run(out, err, json, workload, registry, warmup, measured,
                    new DurableHarness.Options(rate, window, 4_096), databaseUrl);
        }
        BenchResult result;
        try {
            result = new LatencyHarness(registry, new HarnessOptions(iterations, rate, sliceMillis,
                    pinCpu == null ? HarnessOptions.UNPINNED : pinCpu, measuringNice)).run(warmup, measured);
        } catch (ThreadAffinity.PinningFailed e) {
            throw new CliException("cannot pin the threads: " + e.getMessage(), e);
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(BenchReport.json(mapper, workload, result)));
        } else {
            out.print(BenchReport.human(workload, result));
        }
        out.flush();
        return 0;
    }

    private int http(PrintWriter out) throws Exception {
        if (requests <= 0 || connections <= 0 || connections > 1024) {
            throw new ParameterException(spec.commandLine(), "--requests must be positive and --connections 1-1024");
        }
        if (tradePercent < 0 || tradePercent > 100) {
            throw new ParameterException(spec.commandLine(), "--trade-percent must be between 0 and 100");
        }
        if (batch < 1 || batch > 100) {
            throw new ParameterException(spec.commandLine(), "--batch must be between 1 and 100");
        }
        try (ApiClient api = new ApiClient(ClientOptions.baseUri(spec, source.http), ClientOptions.loadKey(keyFile),
                Duration.ofSeconds(30))) {
            HttpBench.Result result = new HttpBench(api, new HttpBench.Options(requests, connections, batch, market, rate,
                    tradePercent))
                    .run();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(HttpBench.json(api.base().toString(), result)));
            } else {
                out.print(HttpBench.human(api.base().toString(), result));
            }
            out.flush();
        }
        return 0;
    }

    private static List<Command> load(Path file, MarketRegistry registry) {
        CommandJson parser = new CommandJson(registry);
        List<Command> commands = new ArrayList<>();
        try (LineReader in = InputFiles.openCommandLines(file, "commands file", CommandJson.MAX_LINE_LENGTH)) {
            long lineNumber = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!in.tooLong() && line.isBlank()) {
                    continue;
                }
                ParseResult result = in.tooLong() ? new ParseError(null, ParseErrorCode.INVALID_JSON,
                        LineReader.tooLongReason(CommandJson.MAX_LINE_LENGTH)) : parser.parse(line);
                if (result instanceof ParseError error) {
                    throw new CliException("line " + lineNumber + ": " + error.describe());
                }
                commands.add(((ParsedCommand) result).command());
            }
        } catch (IOException e) {
            throw new CliException("cannot read commands file " + file + ": " + InputFiles.reason(e), e);
        }
        return commands;
    }
}
