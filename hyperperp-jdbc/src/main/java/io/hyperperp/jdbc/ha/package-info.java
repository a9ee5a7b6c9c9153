/**
 * High availability on PostgreSQL: the leader lease ({@link io.hyperperp.jdbc.ha.LeaderLease}) with its term,
 * which also fences the leader's group commits, and the command log tail a follower replays
 * ({@link io.hyperperp.jdbc.ha.CommandLogTail}). See docs/operations.md.
 */
package io.hyperperp.jdbc.ha;
