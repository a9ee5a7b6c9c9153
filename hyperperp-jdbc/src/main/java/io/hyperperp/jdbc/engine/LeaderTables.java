package io.hyperperp.jdbc.engine;

import io.hyperperp.core.engine.EngineCounters;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.jdbc.Database;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state tables of an HA leader, from its take-over on: what a start does for {@link PersistentEngine}, done
 * when a follower is promoted. Once the lease is taken (the previous leader and its table writer fenced by the new
 * term, {@code LeaderLease}) and the follower's engine has replayed the whole log, {@link #takeOver} brings the
 * tables up to the log: when the previous leader left them behind ({@code read_model_watermark} set, before the
 * log's end) the tables' image at the watermark replays the logged groups past it, one by one, into a table writer
 * fenced by the new term ({@link TablesCatchUp}); groups the deposed leader's writer still had queued were never
 * written (its watermark update no longer matches) and are written here from the log. Then the leader's own
 * groups are committed through {@link #hook()}: the log only with the writer behind it ({@link TablesMode#BEHIND}),
 * or everything inline, the watermark cleared.
 */
public final class LeaderTables implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderTables.class);

    private final JdbcCommitHook hook;
    /** The table writer when the leader writes the tables behind the log, else null. */
    private final TableWriter writer;
    /** The trade counter at the take-over, which the caught-up tables hold. */
    private final long tradesAtTakeOver;

    private LeaderTables(JdbcCommitHook hook, TableWriter writer, long tradesAtTakeOver) {
        this.hook = hook;
        this.writer = writer;
        this.tradesAtTakeOver = tradesAtTakeOver;
    }

    /**
     * Brings the tables up to the log and opens the leader's commit hook.
     *
     * @param database      the shared database
     * @param commits       the connections of the leader's group commit (an HA follower keeps one ready)
     * @param markets       the engine's market registry
     * @param mode          how the leader writes the tables from now on
     * @param term          the leader term just taken (fences the commit and the table writer)
     * @param logEnd        the last logged command, which the leader's engine has replayed
     * @param engineAt      the leader's engine counters at {@code logEnd}: the caught-up tables must end there
     * @param batchMillis   the table writer's gathering time ({@code persistence.tables_batch_ms})
     * @param timeoutMillis longest wait for the catch-up's writes
     * @throws IllegalStateException when the tables cannot be caught up (the take-over fails; the instance steps
     *                               down and another, or this one restarted, tries again)
     */
    public static LeaderTables takeOver(Database database, JdbcCommitHook.ConnectionSource commits,
                                        MarketRegistry markets, TablesMode mode, long term, long logEnd,
                                        EngineCounters engineAt, long batchMillis, long timeoutMillis) {
        Objects.requireNonNull(mode, "mode");
        Jdbi jdbi = database.jdbi();
        Long watermark = jdbi.withHandle(h -> h.createQuery(
                "SELECT last_command_number FROM read_model_watermark WHERE id = 1").mapTo(Long.class).one());
        long tablesAt = watermark == null ? logEnd : watermark;
        TableWriter.Settings settings = new TableWriter.Settings(TableWriter.Settings.DEFAULTS.maxGroups(),
                batchMillis, TableWriter.Settings.DEFAULTS.queueGroups(),
                TableWriter.Settings.DEFAULTS.retryInitialMillis(), TableWriter.Settings.DEFAULTS.retryMaxMillis());
        TableWriter writer = watermark == null ? null
                : new TableWriter(database::openDirectConnection, markets, term, tablesAt, settings,
                        "hyperperp-tables-" + term);
        try {
            if (tablesAt < logEnd) {
                long begin = System.nanoTime();
                EngineRecovery.Positioned tables = EngineRecovery.loadAtWatermark(jdbi, markets, tablesAt, logEnd);
                EngineImage image = TablesCatchUp.run(jdbi, markets, tables.image(), tablesAt, logEnd, writer,
                        timeoutMillis);
                if (!image.counters().equals(engineAt)) {
                    throw new IllegalStateException("the log replayed into the tables ends at " + image.counters()
                            + " but the engine is at " + engineAt);
                }
                LOG.info("Term {}: the tables caught up from command {} to {} ({} ms)", term, tablesAt, logEnd,
                        (System.nanoTime() - begin) / 1_000_000);
            }
            if (watermark != null) {
                // Skipped at the instance's start: the fills may name trades the tables held only now.
                EngineRecovery.requireSettlementSound(jdbi);
            }
            if (mode == TablesMode.INLINE) {
                if (writer != null) {
                    writer.close();
                    ReadModelWatermark.endBehind(jdbi, logEnd, term);
                }
                return new LeaderTables(JdbcCommitHook.fenced(commits, markets, term), null,
                        engineAt.tradeCounter());
            }
            if (writer == null) {
                ReadModelWatermark.startBehind(jdbi, logEnd, term);
                writer = new TableWriter(database::openDirectConnection, markets, term, logEnd, settings,
                        "hyperperp-tables-" + term);
            }
            return new LeaderTables(JdbcCommitHook.behind(commits, markets, term, writer), writer,
                    engineAt.tradeCounter());
        } catch (RuntimeException | Error e) {
            if (writer != null) {
                writer.close();
            }
            throw e;
        }
    }

    /** @return the leader's group commit: fenced by its term, the log only when the tables are behind it */
    public JdbcCommitHook hook() {
        return hook;
    }

    /** @return how the leader writes the tables */
    public TablesMode mode() {
        return writer == null ? TablesMode.INLINE : TablesMode.BEHIND;
    }

    /**
     * Waits until the tables hold every command the leader committed so far (at once when written inline).
     *
     * @return false if they did not within {@code timeoutMillis}
     */
    public boolean awaitTables(long timeoutMillis) throws InterruptedException {
        return writer == null || writer.awaitWatermark(hook.lastCommitted(), timeoutMillis);
    }

    /**
     * @return the last trade number the tables hold, for the settlement store's mark advance
     *         ({@code JdbcSettlementStore.advanceMarksBehindTables}); null when they are written inline
     */
    public LongSupplier tradesInTables() {
        if (writer == null) {
            return null;
        }
        TableWriter w = writer;
        long atTakeOver = tradesAtTakeOver;
        return () -> Math.max(atTakeOver, w.tradesWritten());
    }

    /** @return the last command the tables hold (the last committed one when they are written inline) */
    public long watermark() {
        return writer == null ? hook.lastCommitted() : writer.watermark();
    }

    /**
     * At shutdown, after the engine drained: writes what the table writer has queued.
     *
     * @return false if the tables did not reach the last committed command within {@code timeoutMillis}
     */
    public boolean drain(long timeoutMillis) throws InterruptedException {
        return writer == null || writer.drain(timeoutMillis);
    }

    /** Stops the table writer (what it did not write, the next leader or start replays from the log). */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
