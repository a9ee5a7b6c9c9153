package io.hyperperp.bench.durable;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.engine.CommandLog;
import io.hyperperp.jdbc.engine.PersistentEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The log commit alone, both sides of it: groups of single limit orders (each group one {@code submitAll}, so one
 * commit of exactly that many commands) through a {@link PersistentEngine} on a new embedded PostgreSQL with the
 * tables behind the log, one group after the other; per group the CPU of the PostgreSQL backend that commits the
 * log (from {@code /proc}, 10 ms ticks) and of the JVM's commit thread, the WAL written, and where the log rows are
 * stored; at the end, the time to read the whole log back ({@link CommandLog#readGroupsAfter}). Uses only public API, so that the same class runs against another build's jar placed first on the class
 * path (docs/benchmarks.md, "Session 20: PostgreSQL, the log commit"):
 *
 * <pre>java -cp OTHER/hyperperp.jar:hyperperp-bench/target/classes io.hyperperp.bench.durable.LogCommitBench
 *     [GROUPS (default 4000)] [GROUP_SIZE (default 32)] [ROUNDS (default 3)]</pre>
 */
public final class LogCommitBench {

    private static final long MARKET = 1;

    private LogCommitBench() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 4_000;
        int groupSize = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Files.createTempDirectory("log-commit-bench");
        try {
            DatabaseConfig config = DatabaseConfig.embedded(dir.resolve("postgres"));
            try (PersistentEngine engine = PersistentEngine.builder(config, MarketRegistry.of(List.of(), true, null))
                    .start()) {
                long[] order = {0};
                System.out.println("first order: " + engine.runtime().submit(PlaceOrder.limit(1_700_000_000_000_000L,
                        "0x" + "0".repeat(64), MARKET, Side.BUY, 280_000_000_000L, 1_000_000L)).join().status());
                run(engine, groups / 2, groupSize, order); // warm-up: the JIT, the backend's plans
                for (int r = 1; r <= rounds; r++) {
                    Sample before = Sample.take(engine);
                    run(engine, groups, groupSize, order);
                    Sample after = Sample.take(engine);
                    System.out.println("round " + r + ": " + after.minus(before, groupSize));
                }
                String storage = engine.jdbi().withHandle(h -> h.createQuery("SELECT 'row bytes '"
                        + " || avg(octet_length(commands))::bigint || ', toast bytes '"
                        + " || pg_relation_size((SELECT reltoastrelid FROM pg_class WHERE relname = 'command_groups'))"
                        + " || ', heap bytes ' || pg_relation_size('command_groups') FROM command_groups")
                        .mapTo(String.class).one());
                System.out.println(storage);
                for (int pass = 1; pass <= 2; pass++) {
                    System.out.println("read back, pass " + pass + ": " + readBack(engine));
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Groups of limit orders that do not cross (bids below, asks above), each from its own 64-hex-digit user. */
    private static void run(PersistentEngine engine, int groups, int groupSize, long[] order) {
        for (int g = 0; g < groups; g++) {
            List<Command> batch = new ArrayList<>(groupSize);
            for (int i = 0; i < groupSize; i++) {
                long n = ++order[0];
                String user = "0x" + String.format("%064x", 0x9e3779b97f4a7c15L * (n % 1000 + 1) & Long.MAX_VALUE);
                boolean buy = n % 2 == 0;
                // the default market's 8 decimals, tick 0.01, lot 0.0001: 2,900.00 down / 3,100.00 up, 0.01-0.07
                long price = (buy ? 290_000 - n % 500 : 310_000 + n % 500) * 1_000_000L;
                batch.add(PlaceOrder.limit(1_700_000_000_000_000L + n, user, MARKET, buy ? Side.BUY : Side.SELL,
                        price, (1 + n % 7) * 1_000_000L));
            }
            List<CompletableFuture<CommandResult>> futures = engine.runtime().submitAll(batch);
            futures.get(futures.size() - 1).join();
        }
    }

    /**
     * Reads the whole log back as recovery's catch-up and an HA follower do ({@link CommandLog#readGroupsAfter}, 1,000
     * groups a query), timed.
     */
    private static String readBack(PersistentEngine engine) {
        long start = System.nanoTime();
        long after = 0;
        for (List<Command> read; !(read = CommandLog.readGroupsAfter(engine.jdbi(), after, 1_000)).isEmpty(); ) {
            after += read.size();
        }
        double micros = (System.nanoTime() - start) / 1e3;
        return String.format("%d commands in %.0f ms, %.2f us per command", after, micros / 1e3, micros / after);
    }

    /** Counters read before and after a round. */
    private record Sample(long backendTicks, long commitThreadNanos, long commands, long groups, long walBytes) {

        static Sample take(PersistentEngine engine) throws IOException {
            record Db(int pid, long commands, long groups, long wal) {
            }
            Db db = engine.jdbi().withHandle(h -> h.createQuery("SELECT (SELECT pid FROM pg_stat_activity"
                            + " WHERE query LIKE 'WITH state AS%' LIMIT 1), (SELECT COALESCE(max(last_command_number),"
                            + " 0) FROM command_groups), (SELECT count(*) FROM command_groups),"
                            + " pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")
                    .map((rs, ctx) -> new Db(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).one());
            String stat = Files.readString(Path.of("/proc", Integer.toString(db.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
            return new Sample(ticks, commitThreadCpu(), db.commands(), db.groups(), db.wal());
        }

        String minus(Sample b, int groupSize) {
            long n = commands - b.commands;
            long g = groups - b.groups;
            return String.format("%d commands in %d groups (%.1f per group); log backend %.1f us per group,"
                            + " %.2f us per command; commit thread %.1f us per group, %.2f us per command;"
                            + " WAL %.0f bytes per command; load %s",
                    n, g, (double) n / g, (backendTicks - b.backendTicks) * 10_000.0 / g,
                    (backendTicks - b.backendTicks) * 10_000.0 / n, (commitThreadNanos - b.commitThreadNanos) / 1e3 / g,
                    (commitThreadNanos - b.commitThreadNanos) / 1e3 / n, (double) (walBytes - b.walBytes) / n,
                    loadAverage());
        }
    }

    private static long commitThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("hyperperp-engine-commit"))
                .mapToLong(t -> threads.getThreadCpuTime(t.threadId()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no commit thread"));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).substring(0, 14);
        } catch (IOException e) {
            return "?";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
