package io.hyperperp.server.ha;

import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.runtime.ProcessedGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * A group listener present only while leading: the settlement batcher (settlement runs on the leader only).
 * Between taking the lease and the batcher's start it keeps the committed groups, so the leader takes orders
 * at once and the batcher still sees every group committed after the trades it resumes from the store.
 */
final class SwitchableListener implements GroupListener {

    private GroupListener delegate;
    private List<ProcessedGroup> held;

    /** From now on, keeps committed groups until {@link #set} names the listener. */
    synchronized void hold() {
        held = new ArrayList<>();
    }

    /** Hands the kept groups to {@code value}, then every later one (null: none from now on). */
    synchronized void set(GroupListener value) {
        if (value != null && held != null) {
            held.forEach(value::onCommitted);
        }
        held = null;
        delegate = value;
    }

    @Override
    public synchronized void onCommitted(ProcessedGroup group) {
        if (held != null) {
            held.add(group);
        } else if (delegate != null) {
            delegate.onCommitted(group);
        }
    }
}
