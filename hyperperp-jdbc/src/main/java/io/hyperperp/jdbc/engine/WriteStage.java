package io.hyperperp.jdbc.engine;

/** The stages of a group's transaction, in order, as {@link JdbcCommitHook} times them. */
enum WriteStage {
    /** Checking the engine counters on a fresh connection, loading market specs. */
    CHECK("check"),
    /** Turning the group's events into rows. */
    BUILD("build"),
    /** Inserting markets seen for the first time. */
    MARKETS("markets"),
    /** The one round trip of order updates, command log, positions, markets and engine counters. */
    UPDATES_LOG_STATE("updates_log_state"),
    /** {@code COPY orders}. */
    ORDER_INSERTS("order_inserts"),
    /** {@code COPY trades}. */
    TRADES("trades"),
    /** Stop and take-profit orders. */
    CONDITIONAL_ORDERS("conditional_orders"),
    /** {@code COMMIT}. */
    COMMIT("commit");

    private final String label;

    WriteStage(String label) {
        this.label = label;
    }

    /** The name in {@link JdbcCommitHook#STAGES}, logs and benchmark output. */
    String label() {
        return label;
    }
}
