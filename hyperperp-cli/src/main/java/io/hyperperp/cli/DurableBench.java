package io.hyperperp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.bench.durable.DurableHarness;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.jdbc.DatabaseConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** {@code hyperperp bench --durable}: the engine with group commit to PostgreSQL, acknowledgement after commit. */
final class DurableBench {

    private DurableBench() {
    }

    static int run(PrintWriter out, PrintWriter err, boolean json, String workload, MarketRegistry registry,
                   List<Command> warmup, List<Command> measured, DurableHarness.Options options, String databaseUrl)
            throws Exception {
        Path temporary = null;
        DatabaseConfig config;
        if (databaseUrl != null) {
            config = DatabaseConfig.external(databaseUrl);
        } else {
            temporary = Files.createTempDirectory("hyperperp-bench-");
            config = DatabaseConfig.embedded(temporary.resolve("postgres"));
            long begin = System.nanoTime();
            int segments = DurableHarness.preallocateWal(config, warmup.size() + (long) measured.size());
            err.printf(Locale.ROOT, "new embedded PostgreSQL: %d WAL segments preallocated in %.1f s, as on a server"
                    + " that has been running%n", segments, (System.nanoTime() - begin) / 1e9);
            err.flush();
        }
        try {
            DurableHarness.Result r = new DurableHarness(config, registry, options).run(warmup, measured);
            if (json) {
                ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                out.println(mapper.writeValueAsString(json(mapper, workload, options, r)));
            } else {
                out.print(human(workload, options, r));
            }
            out.flush();
            return 0;
        } finally {
            if (temporary != null) {
                delete(temporary, err);
            }
        }
    }

    static String human(String workload, DurableHarness.Options o, DurableHarness.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "durable bench: %s, %,d commands measured (first fifth left out as warm-up), %s%n",
                workload, r.commands(), o.rate() == 0 ? "window " + o.window() : "offered " + o.rate() + "/s"));
        b.append(String.format(Locale.ROOT, "throughput  %,.0f commands/s acknowledged after commit%n",
                r.commandsPerSecond()));
        b.append(String.format(Locale.ROOT, "ack latency p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms%n",
                r.p50Nanos() / 1e6, r.p99Nanos() / 1e6, r.p999Nanos() / 1e6, r.maxNanos() / 1e6));
        b.append(String.format(Locale.ROOT, "writes      %,.0f rows/s in %,d transactions of %.1f commands%n",
                r.rowsPerSecond(), r.groups(), r.averageGroupSize()));
        if (r.refused() > 0) {
            b.append(String.format(Locale.ROOT, "refused     %,d commands (queue full or database unavailable)%n",
                    r.refused()));
        }
        b.append("writer time by stage (ms): ").append(r.stageMillis()).append(System.lineSeparator());
        return b.toString();
    }

    static ObjectNode json(ObjectMapper mapper, String workload, DurableHarness.Options o, DurableHarness.Result r) {
        ObjectNode n = mapper.createObjectNode();
        n.put("workload", workload);
        n.put("rate", o.rate());
        n.put("window", o.window());
        n.put("commands", r.commands());
        n.put("refused", r.refused());
        n.put("seconds", r.seconds());
        n.put("commands_per_second", r.commandsPerSecond());
        ObjectNode latency = n.putObject("ack_latency_ns");
        latency.put("p50", r.p50Nanos());
        latency.put("p99", r.p99Nanos());
        latency.put("p99_9", r.p999Nanos());
        latency.put("max", r.maxNanos());
        n.put("rows_per_second", r.rowsPerSecond());
        n.put("transactions", r.groups());
        n.put("average_transaction_commands", r.averageGroupSize());
        ObjectNode stages = n.putObject("writer_stage_ms");
        for (Map.Entry<String, Long> e : r.stageMillis().entrySet()) {
            stages.put(e.getKey(), e.getValue());
        }
        return n;
    }

    private static void delete(Path dir, PrintWriter err) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            err.println("could not delete the benchmark's temporary database " + dir + ": " + e.getMessage());
        }
    }
}
