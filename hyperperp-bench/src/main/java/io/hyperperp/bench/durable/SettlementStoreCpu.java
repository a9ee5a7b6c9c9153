package io.hyperperp.bench.durable;

import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The settlement store's and the local ledger's CPU per batch, apart from the server: PostgreSQL's CPU (every process
 * of the embedded server, from /proc) and the saving thread's per batch of 100 fills, saved sealed and then confirmed
 * as the server's batcher does with the local ledger, with the tables behind the log (each batch's mark advance waits
 * until the tables hold its trades, which they reach {@code LAG} batches at a time, as the table writer's 100 ms
 * batches do at about 9 settlement batches each). Or, with {@code ledger}, the local ledger's CPU per fill after a
 * million settled trades. A measurement tool (docs/benchmarks.md, "Session 20: PostgreSQL, the tables and the
 * settlement store"), not a test; run it against another build by putting this class ahead of that build's CLI jar.
 *
 * <p>Usage: {@code SettlementStoreCpu store DATA_DIR BATCHES [LAG [SQL]]} (a new directory; BATCHES measured after as
 * many for warm-up; SQL, a schema change to measure, runs before them) or {@code SettlementStoreCpu ledger BATCHES}.
 */
public final class SettlementStoreCpu {

    private static final int FILLS = 100;
    private static final long PRICE_X = 10_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SettlementStoreCpu() {
    }

    /** Runs one measurement; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("ledger")) {
            ledger(Integer.parseInt(args[1]));
        } else if (args.length >= 3 && args[0].equals("store")) {
            store(Path.of(args[1]), Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 9,
                    args.length > 4 ? args[4] : null);
        } else {
            System.err.println("usage: SettlementStoreCpu store DATA_DIR BATCHES [LAG [SQL]] | ledger BATCHES");
            System.exit(2);
        }
    }

    private static void store(Path dir, int batches, int lag, String schemaChange) throws Exception {
        int total = 2 * batches;
        try (Database db = Database.start(DatabaseConfig.embedded(dir))) {
            try (Connection c = db.openDirectConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("INSERT INTO trades (id, trade_number, sequence, market_id, taker_order_id, maker_order_id,"
                        + " taker_address, maker_address, taker_side, price, size, taker_fee, maker_fee,"
                        + " engine_timestamp_us, price_x, fee_bps) SELECT gen_random_uuid(), n, n, 1,"
                        + " gen_random_uuid(), gen_random_uuid(), '0xb' || (n % 100), '0xc' || (n % 97),"
                        + " CASE WHEN n % 2 = 0 THEN 'buy' ELSE 'sell' END, 100, 1, 0, 0, n, " + PRICE_X + ", 5"
                        + " FROM generate_series(1, " + (long) total * FILLS + ") n");
                if (schemaChange != null) {
                    s.execute(schemaChange);
                }
                s.execute("VACUUM ANALYZE trades");
                s.execute("CHECKPOINT");
            }
            JdbcSettlementStore store = new JdbcSettlementStore(db.dataSource(), Long.MAX_VALUE);
            long[] inTables = {0};
            store.advanceMarksBehindTables(() -> inTables[0]);
            Path postgres = postmasterDir(dir);
            for (int round = 0; round < 2; round++) {
                long pg0 = postgresTicks(postgres);
                long jvm0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int i = round * batches; i < (round + 1) * batches; i++) {
                    long now = System.currentTimeMillis();
                    SettlementBatch sealed = new SettlementBatch(i + 1, 1, fills(i), 1, 1, Long.MAX_VALUE, 400,
                            BatchStatus.PENDING, 0, null, null, 0, now, now);
                    store.save(sealed);
                    store.save(sealed.withStatus(BatchStatus.CONFIRMED, null, now));
                    if ((i + 1) % lag == 0) {
                        inTables[0] = (long) (i + 1) * FILLS;
                    }
                }
                long pg = postgresTicks(postgres) - pg0;
                long jvm = THREADS.getCurrentThreadCpuTime() - jvm0;
                long wall = System.nanoTime() - t0;
                System.out.printf("%s: %d batches of %d fills, lag %d: PostgreSQL %.1f us per batch, saving thread"
                                + " %.1f us per batch, %.0f batches/s, load %s%n", round == 0 ? "warm-up" : "measured",
                        batches, FILLS, lag, pg * 10_000.0 / batches, jvm / 1_000.0 / batches,
                        batches * 1e9 / wall, Files.readString(Path.of("/proc/loadavg")).strip());
            }
        }
    }

    private static void ledger(int batches) {
        MarketSpec spec = new MarketSpec(1, "T", 8, 0, 1, 1, 1, 1_000_000, 0, -1, 5, 500, StpMode.NONE);
        LocalSettlementLedger ledger = new LocalSettlementLedger(MarketRegistry.of(List.of(spec), true, null));
        int measuredFrom = batches - batches / 4;
        long cpu0 = 0;
        for (int i = 0; i < batches; i++) {
            if (i == measuredFrom) {
                cpu0 = THREADS.getCurrentThreadCpuTime();
            }
            SettlementBatch b = new SettlementBatch(i + 1, 1, fills(i), 1, 1, Long.MAX_VALUE, 400,
                    BatchStatus.PENDING, 0, null, null, 0, 0, 0);
            if (ledger.apply(b).kind() != io.hyperperp.core.settlement.SettlementOutcome.Kind.CONFIRMED) {
                throw new IllegalStateException("batch " + (i + 1) + " not confirmed");
            }
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        System.out.printf("ledger: %d batches of %d fills, the last %d measured: %.1f ns per fill%n", batches, FILLS,
                batches - measuredFrom, (double) cpu / ((long) (batches - measuredFrom) * FILLS));
    }

    private static List<SettlementFill> fills(int batch) {
        List<SettlementFill> fills = new ArrayList<>(FILLS);
        for (int k = 1; k <= FILLS; k++) {
            long n = (long) batch * FILLS + k;
            fills.add(new SettlementFill(n, "0xb" + n % 100, "0xc" + n % 97, 1, 1 + n % 7, PRICE_X, 5, n / 1000,
                    n % 2 == 0 ? Side.BUY : Side.SELL));
        }
        return fills;
    }

    private static Path postmasterDir(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals("postmaster.pid")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no postmaster.pid under " + dir)).getParent();
        }
    }

    /** CPU ticks (user + system) of the postmaster in {@code dir} and of its children. */
    private static long postgresTicks(Path dir) throws IOException {
        String postmaster = Files.readAllLines(dir.resolve("postmaster.pid")).get(0).strip();
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (name.equals(postmaster) || f[1].equals(postmaster)) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        }
        return ticks;
    }
}
