package io.hyperperp.bench.http;

import java.util.ArrayList;
import java.util.List;

/**
 * A server under test: its process, the markers of processes counted with it, orders per request, and whether
 * its answers are checked for one accepted result per order (the floor's fixed answer is not).
 */
record BenchTarget(ChildServer server, List<String> extraProcessMarkers, int ordersPerRequest,
                   boolean checked) {

    int resultsPerAnswer() {
        return checked ? ordersPerRequest : 0;
    }

    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        pids.add(server.pid());
        for (String marker : extraProcessMarkers) {
            for (long pid : ProcCpu.matching(marker)) {
                if (pid != server.pid()) { // the server's own command line names its data directory too
                    pids.add(pid);
                }
            }
        }
        return pids;
    }

    /**
     * CPU of the extra processes (PostgreSQL's postmaster and its backends), found again at each reading, with
     * what the ones that ended have left in their parent's reaped-children time: a backend or autovacuum worker
     * that starts or ends during a run is counted.
     */
    long extraCpu() {
        List<Long> pids = pids();
        long sum = 0;
        for (long pid : pids.subList(1, pids.size())) {
            sum += ProcCpu.nanosWithReapedChildren(pid);
        }
        return sum;
    }
}
