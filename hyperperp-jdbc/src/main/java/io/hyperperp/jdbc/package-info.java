/**
 * PostgreSQL persistence for HyperPerp: {@link io.hyperperp.jdbc.DatabaseConfig} says where the database is,
 * {@link io.hyperperp.jdbc.Database} opens it (embedded PostgreSQL by default), pools connections and applies
 * the Flyway migrations in {@code db/migration}. Sub-packages hold features; {@code internal} is not API.
 */
package io.hyperperp.jdbc;
