package io.hyperperp.server.persistence;

import io.hyperperp.server.backend.AccountLedger;
import io.hyperperp.server.backend.EngineClock;
import java.sql.Timestamp;
import java.util.List;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/** {@link AccountLedger} over the {@code ledger_entries} table (a single instance's and every HA instance's). */
public final class JdbcAccountLedger implements AccountLedger {

    private final Jdbi jdbi;
    private final TablesFence fence;

    /** @param jdbi the database the group commit writes the ledger to */
    public JdbcAccountLedger(Jdbi jdbi) {
        this(jdbi, TablesFence.NONE);
    }

    /** Like {@link #JdbcAccountLedger(Jdbi)}, each read first passing {@code fence}. */
    public JdbcAccountLedger(Jdbi jdbi, TablesFence fence) {
        this.jdbi = jdbi;
        this.fence = fence;
    }

    private <R> R read(HandleCallback<R, RuntimeException> callback) {
        fence.await();
        return jdbi.withHandle(callback);
    }

    @Override
    public List<Entry> entries(String address, long before, int limit) {
        return read(h -> h.createQuery("SELECT entry_number, command_number, market_id, kind, detail,"
                        + " amount, size, price, counterparty, reference, created_at FROM ledger_entries"
                        + " WHERE user_address = :user AND entry_number < :before"
                        + " ORDER BY entry_number DESC LIMIT :limit")
                .bind("user", address)
                .bind("before", before)
                .bind("limit", limit)
                .map((rs, ctx) -> {
                    long market = rs.getLong("market_id");
                    Long marketId = rs.wasNull() ? null : market;
                    Timestamp created = rs.getTimestamp("created_at");
                    return new Entry(rs.getLong("entry_number"), rs.getLong("command_number"), marketId,
                            rs.getString("kind"), rs.getString("detail"), rs.getBigDecimal("amount"),
                            rs.getBigDecimal("size"), rs.getBigDecimal("price"), rs.getString("counterparty"),
                            rs.getString("reference"), EngineClock.micros(created.toInstant()));
                })
                .list());
    }
}
