package io.hyperperp.server.ha;

/** What an HA instance is doing. */
public enum Role {
    /** Replays the command log; serves reads; redirects order-changing requests to the leader. */
    FOLLOWER,
    /** Holds the lease: takes orders, commits them fenced by its term, runs settlement. */
    LEADER,
    /** Lost the lease (or its commits were refused): takes nothing, and is about to restart as a follower. */
    STEPPED_DOWN
}
