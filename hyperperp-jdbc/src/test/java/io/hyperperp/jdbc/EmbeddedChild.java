package io.hyperperp.jdbc;

import java.nio.file.Path;

/**
 * Runs in a separate JVM for {@link EmbeddedCrashIT}: opens the embedded database in {@code args[0]}, commits a
 * market row with id {@code args[1]}, prints {@value #READY} and waits to be killed.
 */
public final class EmbeddedChild {

    /** Printed on stdout once the row is committed. */
    public static final String READY = "EMBEDDED-CHILD-READY";

    private EmbeddedChild() {
    }

    /**
     * @param args data directory, market id
     * @throws InterruptedException never in practice: the parent kills this JVM
     */
    public static void main(String[] args) throws InterruptedException {
        Database db = Database.start(DatabaseConfig.embedded(Path.of(args[0])));
        long marketId = Long.parseLong(args[1]);
        db.jdbi().useHandle(h -> h.execute("INSERT INTO markets (market_id, symbol, price_decimals, size_decimals)"
                + " VALUES (?, ?, 2, 6)", marketId, "CHILD-" + marketId));
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
