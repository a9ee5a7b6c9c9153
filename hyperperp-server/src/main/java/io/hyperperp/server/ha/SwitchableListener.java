package io.hyperperp.server.ha;

import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.runtime.ProcessedGroup;

/** A group listener present only while leading: the settlement batcher (settlement runs on the leader only). */
final class SwitchableListener implements GroupListener {

    private volatile GroupListener delegate;

    /** Sets the listener (null: none). */
    void set(GroupListener value) {
        this.delegate = value;
    }

    @Override
    public void onCommitted(ProcessedGroup group) {
        GroupListener d = delegate;
        if (d != null) {
            d.onCommitted(group);
        }
    }
}
