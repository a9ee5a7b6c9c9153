package io.hyperperp.server.config;

import io.hyperperp.jdbc.engine.TablesMode;
import java.util.Objects;

/**
 * How the persistent backend writes its state tables ({@code [persistence]} in config.toml,
 * {@code HYPERPERP_PERSISTENCE__*}); see docs/persistence.md.
 *
 * @param tables             inline (in the group commit's transaction) or behind the command log
 * @param tablesBatchMillis  behind the log: longest wait of the table writer, after a batch's first group, for more
 */
public record PersistenceSettings(TablesMode tables, int tablesBatchMillis) {

    /** Checks the values. */
    public PersistenceSettings {
        Objects.requireNonNull(tables, "tables");
        if (tablesBatchMillis < 0 || tablesBatchMillis > 10_000) {
            throw new ConfigException("persistence.tables_batch_ms must be 0 to 10000, got " + tablesBatchMillis);
        }
    }
}
