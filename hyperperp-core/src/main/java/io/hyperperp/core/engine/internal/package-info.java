/**
 * Mutable, pooled structures of the matching hot path. Not API: these types change without notice;
 * use {@link io.hyperperp.core.engine.MatchingEngine} and the query records instead.
 */
package io.hyperperp.core.engine.internal;
