/** Settlement records in PostgreSQL: {@link io.hyperperp.jdbc.settlement.JdbcSettlementStore}. */
package io.hyperperp.jdbc.settlement;
