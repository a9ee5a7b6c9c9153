package io.hyperperp.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs in a separate JVM for {@link EmbeddedCrashIT} and {@link EmbeddedExitIT}: opens the embedded database in
 * {@code args[0]}, commits a market row with id {@code args[1]} and prints {@value #READY}. Then, by {@code args[2]}:
 * <ul>
 *   <li>absent: waits to be killed;</li>
 *   <li>{@code exit} or {@code exit-expecting-close}: registers a shutdown hook of its own, as {@code serve} does, that
 *       waits until PostgreSQL has stopped (its {@code postmaster.pid} gone) or 2 s have passed, commits a second row
 *       ({@code CHILD-<id>-AT-EXIT}) and closes the database; then exits. With {@code exit-expecting-close} the
 *       database was told so first ({@link Database#expectCloseAtExit}).</li>
 * </ul>
 */
public final class EmbeddedChild {

    /** Printed on stdout once the row is committed. */
    public static final String READY = "EMBEDDED-CHILD-READY";

    private EmbeddedChild() {
    }

    /**
     * @param args data directory, market id, optionally {@code exit} or {@code exit-expecting-close}
     * @throws InterruptedException never in practice
     */
    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        Database db = Database.start(DatabaseConfig.embedded(dir));
        long marketId = Long.parseLong(args[1]);
        insert(db, marketId, "CHILD-" + marketId);
        System.out.println(READY);
        System.out.flush();
        if (args.length < 3) {
            Thread.sleep(Long.MAX_VALUE);
        }
        if (args[2].equals("exit-expecting-close")) {
            db.expectCloseAtExit(Duration.ofSeconds(30));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (Files.exists(dir.resolve("postmaster.pid")) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            try {
                insert(db, marketId + 1000, "CHILD-" + marketId + "-AT-EXIT");
                System.out.println("committed at exit");
            } catch (RuntimeException e) {
                System.out.println("commit at exit failed: " + e);
            } finally {
                db.close();
            }
        }, "owner-close"));
        System.exit(0);
    }

    private static void insert(Database db, long marketId, String symbol) {
        db.jdbi().useHandle(h -> h.execute("INSERT INTO markets (market_id, symbol, price_decimals, size_decimals)"
                + " VALUES (?, ?, 2, 6)", marketId, symbol));
    }
}
