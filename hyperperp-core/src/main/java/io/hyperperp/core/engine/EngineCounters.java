package io.hyperperp.core.engine;

/**
 * The engine's counters, enough to continue numbering after a restart.
 *
 * @param sequence      last event sequence number
 * @param orderCounter  last order number
 * @param tradeCounter  last trade number
 * @param lastTimestamp latest command timestamp seen
 */
public record EngineCounters(long sequence, long orderCounter, long tradeCounter, long lastTimestamp) {
}
