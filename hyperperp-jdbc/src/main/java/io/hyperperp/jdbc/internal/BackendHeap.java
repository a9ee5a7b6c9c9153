package io.hyperperp.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps a PostgreSQL backend's malloc heap from shrinking after every statement. Not API.
 *
 * <p>PostgreSQL frees a statement's executor memory when the statement ends. With glibc's default
 * {@code M_TRIM_THRESHOLD} (128 KiB), every free that leaves more than that at the top of the heap is returned to
 * the kernel ({@code brk} down), and the next statement takes it back ({@code brk} up, then a page fault per page).
 * The group commit's writer did that about twelve times per group: the shrinking {@code brk} flushes the TLB of the
 * other CPUs (an inter-processor interrupt, dear on a VM) and the regrowth faults its pages in again, together about
 * a fifth of the writer backend's CPU (perf of the backend, docs/benchmarks.md "Session 8: PostgreSQL").
 *
 * <p>The server's environment ({@code MALLOC_TRIM_THRESHOLD_}) is out of reach of an embedded server's client, but
 * glibc raises the thresholds by itself: freeing a block it had to {@code mmap} (one larger than the mmap threshold,
 * up to 32 MiB) sets the mmap threshold to that block's size and the trim threshold to twice it. So each connection
 * that runs many small statements first makes its backend allocate and free one {@value #BLOCK_BYTES}-byte value;
 * from then on that backend keeps up to 16 MiB of free heap instead of 128 KiB. Other allocators ignore it; the
 * statement costs one 8 MiB allocation per connection.
 */
public final class BackendHeap {

    /** Size of the one large value: above glibc's initial mmap threshold, below its 32 MiB maximum. */
    static final int BLOCK_BYTES = 8 * 1024 * 1024;

    /** The statement that allocates and frees the large value (run as a connection's init SQL). */
    public static final String RAISE_TRIM_THRESHOLD = "SELECT length(repeat('x', " + BLOCK_BYTES + "))";

    private BackendHeap() {
    }

    /** Runs {@link #RAISE_TRIM_THRESHOLD} on {@code connection} (auto-commit or not; it writes nothing). */
    public static void raiseTrimThreshold(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(RAISE_TRIM_THRESHOLD);
        }
    }
}
