package io.hyperperp.jdbc.engine;

import io.hyperperp.jdbc.internal.ArrayLiteral;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of a group's transaction that need no COPY, sent in one round trip: the updates of orders that
 * existed before the group, the group's command log row, the net position changes, each touched market's last
 * trade price and book sequence, and the engine counters.
 *
 * <p>The engine counters update is also the guard against a second writer: it only matches while
 * {@code engine_state.last_command_number} still holds the number this writer committed last, and the row lock it
 * takes holds until the commit. A group that finds another number throws {@link CommandNumberMismatch}; the hook
 * then rolls back and reads the number to tell a lost acknowledgement from a second writer. With HA it also only
 * matches while {@code engine_state.leader_term} is the writer's term: a leader that lost its lease is fenced.
 */
final class StateUpdate {

    /** {@code engine_state.last_command_number} was not the number this writer expected. */
    static final class CommandNumberMismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandNumberMismatch() {
            super("engine_state.last_command_number or leader_term changed under this writer", null, false, false);
        }
    }

    private static final String UPDATE_ORDERS = "UPDATE orders AS o SET size = v.size, price = v.price,"
            + " filled_size = v.filled, open_size = v.open, status = v.status, priority_sequence = v.priority,"
            + " cancel_reason = COALESCE(v.reason, o.cancel_reason), updated_at = now()"
            + " FROM unnest(?::uuid[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::text[],"
            + " ?::bigint[], ?::text[]) AS v(id, size, price, filled, open, status, priority, reason)"
            + " WHERE o.id = v.id";
    private static final String INSERT_LOG = "INSERT INTO command_groups (first_command_number,"
            + " last_command_number, commands) VALUES (?, ?, ?)";
    private static final String UPSERT_POSITIONS = "INSERT INTO positions (user_address, market_id, size)"
            + " SELECT u, m, s FROM unnest(?::text[], ?::bigint[], ?::numeric[]) AS v(u, m, s)"
            + " ON CONFLICT (user_address, market_id) DO UPDATE SET size = positions.size + EXCLUDED.size";
    private static final String UPDATE_MARKETS = "UPDATE markets AS m"
            + " SET last_trade_price = COALESCE(v.ltp, m.last_trade_price),"
            + " book_sequence = GREATEST(m.book_sequence, v.seq)"
            + " FROM unnest(?::bigint[], ?::numeric[], ?::bigint[]) AS v(id, ltp, seq) WHERE m.market_id = v.id";
    private static final String UPDATE_STATE = "UPDATE %s SET last_command_number = ?,"
            + " last_sequence = GREATEST(last_sequence, ?), last_order_number = GREATEST(last_order_number, ?),"
            + " last_trade_number = GREATEST(last_trade_number, ?),"
            + " last_command_timestamp_us = GREATEST(last_command_timestamp_us, ?), updated_at = now()"
            + " WHERE id = 1 AND last_command_number = ?";
    /**
     * The HA fence: only the leader whose term the updated row holds may commit (a take-over writes its term to
     * engine_state and read_model_watermark, V17, so the table writer's fence is on the row it locks too).
     */
    private static final String FENCE = " AND leader_term = ?";

    /** Which row holds the counters the transaction moves and is guarded by. */
    enum Counters {
        /** {@code engine_state}: the command log's guard (inline tables, or the log-only commit). */
        ENGINE_STATE("engine_state", FENCE),
        /** {@code read_model_watermark}: how far the tables written behind the log go. */
        WATERMARK("read_model_watermark", FENCE);

        /** The one-row table whose update carries the guard, and which a take-over's fence writes. */
        final String table;
        private final String update;
        private final String fence;

        Counters(String table, String fence) {
            this.table = table;
            this.update = UPDATE_STATE.formatted(table);
            this.fence = fence;
        }
    }

    private final long previousCommand;
    private final long lastCommand;
    private final long lastSequence;
    private final long lastOrder;
    private final long lastTrade;
    private final long lastTimestamp;
    private final long fencingTerm;
    private final Counters counters;
    private final List<String> positionUsers = new ArrayList<>();
    private final List<Long> positionMarkets = new ArrayList<>();
    private final List<String> positionSizes = new ArrayList<>();
    private final List<Long> marketIds = new ArrayList<>();
    private final List<String> marketPrices = new ArrayList<>();
    private final List<Long> marketSequences = new ArrayList<>();
    private String commandLog;
    private Statements extra;

    /** More statements for the same round trip, sent before the engine counters update. */
    interface Statements {
        /** The statements, each ending with {@code ;\n}, or empty. */
        String sql();

        /** Binds their parameters from index {@code first}; @return the next free index. */
        int bind(Connection c, PreparedStatement ps, int first) throws SQLException;
    }

    /** Adds statements sent in the same round trip (before the counters update). */
    void extra(Statements statements) {
        this.extra = statements;
    }
    private int orderUpdates;
    private Object[][] orderColumns;

    /** @param fencingTerm the writer's leader term, or {@link JdbcCommitHook#NO_FENCING} without HA */
    StateUpdate(long previousCommand, long lastCommand, long lastSequence, long lastOrder, long lastTrade,
                long lastTimestamp, long fencingTerm) {
        this(previousCommand, lastCommand, lastSequence, lastOrder, lastTrade, lastTimestamp, fencingTerm,
                Counters.ENGINE_STATE);
    }

    /** @param counters the row of counters this transaction moves (and is guarded by) */
    StateUpdate(long previousCommand, long lastCommand, long lastSequence, long lastOrder, long lastTrade,
                long lastTimestamp, long fencingTerm, Counters counters) {
        this.fencingTerm = fencingTerm;
        this.counters = counters;
        this.previousCommand = previousCommand;
        this.lastCommand = lastCommand;
        this.lastSequence = lastSequence;
        this.lastOrder = lastOrder;
        this.lastTrade = lastTrade;
        this.lastTimestamp = lastTimestamp;
    }

    /** Sets the new state of {@code count} existing orders, one array per column (ids, sizes, ... reasons). */
    void orderUpdates(int count, String[] ids, String[] size, String[] price, String[] filled, String[] open,
                      String[] status, Long[] priority, String[] reason) {
        this.orderUpdates = count;
        this.orderColumns = new Object[][] {ids, size, price, filled, open, status, priority, reason};
    }

    /** Sets the group's commands as JSON Lines (none for an empty group). */
    void commandLog(String jsonLines) {
        this.commandLog = jsonLines;
    }

    /** Adds a (non-zero) net position change. */
    void position(String user, long marketId, String sizeChange) {
        positionUsers.add(user);
        positionMarkets.add(marketId);
        positionSizes.add(sizeChange);
    }

    /** Adds a market's last trade price (null if it did not trade in the group) and book sequence. */
    void market(long marketId, String lastTradePrice, long bookSequence) {
        marketIds.add(marketId);
        marketPrices.add(lastTradePrice);
        marketSequences.add(bookSequence);
    }

    /** Sends the statements in one round trip; @return rows written. */
    long write(Connection c) throws SQLException {
        boolean positions = !positionUsers.isEmpty();
        boolean markets = !marketIds.isEmpty();
        boolean log = commandLog != null;
        boolean orders = orderUpdates > 0;
        StringBuilder sql = new StringBuilder();
        if (orders) {
            sql.append(UPDATE_ORDERS).append(";\n");
        }
        if (log) {
            sql.append(INSERT_LOG).append(";\n");
        }
        if (positions) {
            sql.append(UPSERT_POSITIONS).append(";\n");
        }
        if (markets) {
            sql.append(UPDATE_MARKETS).append(";\n");
        }
        if (extra != null) {
            sql.append(extra.sql());
        }
        sql.append(counters.update);
        if (fencingTerm != JdbcCommitHook.NO_FENCING) {
            sql.append(counters.fence);
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            if (orders) {
                for (int i = 0; i < orderColumns.length; i++) {
                    ArrayLiteral.bind(ps, p++, orderColumns[i]);
                }
            }
            if (log) {
                ps.setLong(p++, previousCommand + 1);
                ps.setLong(p++, lastCommand);
                ps.setString(p++, commandLog);
            }
            if (positions) {
                ArrayLiteral.bind(ps, p++, positionUsers);
                ArrayLiteral.bind(ps, p++, positionMarkets);
                ArrayLiteral.bind(ps, p++, positionSizes);
            }
            if (markets) {
                ArrayLiteral.bind(ps, p++, marketIds);
                ArrayLiteral.bind(ps, p++, marketPrices);
                ArrayLiteral.bind(ps, p++, marketSequences);
            }
            if (extra != null) {
                p = extra.bind(c, ps, p);
            }
            ps.setLong(p++, lastCommand);
            ps.setLong(p++, lastSequence);
            ps.setLong(p++, lastOrder);
            ps.setLong(p++, lastTrade);
            ps.setLong(p++, lastTimestamp);
            ps.setLong(p++, previousCommand);
            if (fencingTerm != JdbcCommitHook.NO_FENCING) {
                ps.setLong(p, fencingTerm);
            }
            ps.execute();
            long written = 0;
            int stateRows = -1;
            int first = -1;
            int count = ps.getUpdateCount();
            while (count != -1) {
                if (first < 0) {
                    first = count;
                }
                stateRows = count;
                written += count;
                ps.getMoreResults();
                count = ps.getUpdateCount();
            }
            if (orders && first != orderUpdates) {
                throw new IllegalStateException("updated " + first + " of " + orderUpdates
                        + " existing orders: the orders table is missing orders the engine has");
            }
            if (stateRows != 1) {
                throw new CommandNumberMismatch();
            }
            return written - 1;
        }
    }
}
