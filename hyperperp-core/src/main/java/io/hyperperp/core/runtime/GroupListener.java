package io.hyperperp.core.runtime;

/**
 * Receives every committed group, in order, on the runtime's commit thread, after its futures
 * completed. Must be fast and must not block: hand work to another thread (streams, settlement
 * batching). An exception is logged and does not stop the engine.
 */
@FunctionalInterface
public interface GroupListener {

    /** Called once per committed group, in order. */
    void onCommitted(ProcessedGroup group);
}
