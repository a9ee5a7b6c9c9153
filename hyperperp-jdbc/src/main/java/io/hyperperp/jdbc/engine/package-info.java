/**
 * The durable engine: {@link io.hyperperp.jdbc.engine.JdbcCommitHook} writes each processed group in one
 * transaction, {@link io.hyperperp.jdbc.engine.EngineRecovery} rebuilds the engine image from the tables, and
 * {@link io.hyperperp.jdbc.engine.PersistentEngine} wires database, recovery and runtime together.
 */
package io.hyperperp.jdbc.engine;
