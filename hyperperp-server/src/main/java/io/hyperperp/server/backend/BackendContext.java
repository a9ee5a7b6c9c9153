package io.hyperperp.server.backend;

import io.hyperperp.core.runtime.CommitHook;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.settlement.SettlementListener;
import io.hyperperp.server.config.ServerConfig;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the server hands a {@link BackendFactory}: the configuration and the hooks the backend must
 * wire into what it builds.
 *
 * @param config             the resolved configuration
 * @param listeners          group listeners (streams, metrics) to add to the engine runtime, after
 *                           the backend's own (settlement batcher) listeners
 * @param settlementListener listener to pass to the settlement batcher (metrics, health)
 * @param commitInstrument   wraps the backend's commit hook to time it (metrics)
 */
public record BackendContext(ServerConfig config, List<GroupListener> listeners,
                             SettlementListener settlementListener, UnaryOperator<CommitHook> commitInstrument) {

    /** Copies the list. */
    public BackendContext {
        listeners = List.copyOf(listeners);
    }

    /** The commit hook wrapped for metrics. */
    public CommitHook instrument(CommitHook hook) {
        return commitInstrument.apply(hook);
    }
}
