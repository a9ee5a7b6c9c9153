package io.hyperperp.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** What the HTTP benchmark reads from /proc: a process's CPU, by thread, and a marked process with its children. */
@EnabledOnOs(OS.LINUX)
class ProcCpuTest {

    @Test
    void aProcessCpuTimeGrowsWhileItWorksAndIsSplitByThread() {
        long self = ProcessHandle.current().pid();
        long before = ProcCpu.nanos(self);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long sink = 0;
        while (ProcCpu.nanos(self) < before + 50_000_000 && System.nanoTime() < deadline) {
            for (int i = 0; i < 1_000_000; i++) {
                sink += i * 31L ^ sink;
            }
        }
        assertThat(ProcCpu.nanos(self)).as("spun " + sink).isGreaterThanOrEqualTo(before + 50_000_000);
        long byThreads = ProcCpu.byThread(self).values().stream().mapToLong(Long::longValue).sum();
        // The live threads' CPU is part of the process's (ended threads count only there); read a moment apart.
        assertThat(byThreads).isPositive().isLessThanOrEqualTo(ProcCpu.nanos(self) + 100_000_000);
        assertThat(ProcCpu.nanos(Long.MAX_VALUE)).as("no such process").isZero();
    }

    @Test
    void moreBusyThreadsThanCpusWaitForOne() throws Exception {
        long self = ProcessHandle.current().pid();
        long before = ProcCpu.runQueueWaitNanos(self);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors() + 2; i++) {
            busy.add(Thread.ofPlatform().start(() -> {
                long sink = 0;
                while (!stop.get()) {
                    sink += System.nanoTime() % 7;
                }
                assertThat(sink).isNotNegative();
            }));
        }
        long waited = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waited < 5_000_000 && System.nanoTime() < deadline) {
                Thread.sleep(10);
                waited = ProcCpu.runQueueWaitNanos(self) - before; // measured while the busy threads are alive
            }
        } finally {
            stop.set(true);
            for (Thread t : busy) {
                t.join();
            }
        }
        assertThat(waited).as("a runnable thread without a CPU waits in the run queue").isGreaterThanOrEqualTo(5_000_000);
        assertThat(ProcCpu.runQueueWaitNanos(Long.MAX_VALUE)).as("no such process").isZero();
    }

    @Test
    void theSchedulerCountsEachThreadsTimeOnACpuAndItsRuns() throws Exception {
        long self = ProcessHandle.current().pid();
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = Thread.ofPlatform().name("schedprobe").start(() -> {
            long sink = 0;
            while (!stop.get()) {
                sink += System.nanoTime() % 7;
            }
            assertThat(sink).isNotNegative();
        });
        ProcCpu.Sched probe = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((probe == null || probe.runNanos() < 20_000_000) && System.nanoTime() < deadline) {
                Thread.sleep(10);
                probe = ProcCpu.schedByThread(self).get("schedprobe"); // read while the thread is alive
            }
        } finally {
            stop.set(true);
            busy.join();
        }
        assertThat(probe).isNotNull();
        assertThat(probe.runNanos()).isGreaterThanOrEqualTo(20_000_000);
        assertThat(probe.slices()).isPositive();
        assertThat(probe.waitNanos()).isNotNegative();
        assertThat(ProcCpu.schedByThread(Long.MAX_VALUE)).as("no such process").isEmpty();
    }

    @Test
    void aChildThatEndedLeavesItsCpuInItsParentsReapedChildrenTime() throws Exception {
        String marker = "procreap-" + UUID.randomUUID();
        // The marked shell starts a busy child and reaps it, as PostgreSQL's postmaster reaps a backend.
        Process shell = new ProcessBuilder("sh", "-c",
                "sh -c 'i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done' ; echo " + marker + "; sleep 60").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long reaped = 0;
            while (reaped < 50_000_000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                reaped = ProcCpu.nanosWithReapedChildren(shell.pid()) - ProcCpu.nanos(shell.pid());
            }
            assertThat(reaped).as("the busy child's CPU, now in the shell's reaped-children time")
                    .isGreaterThanOrEqualTo(50_000_000);
            assertThat(ProcCpu.nanosWithReapedChildren(Long.MAX_VALUE)).as("no such process").isZero();
        } finally {
            shell.descendants().forEach(ProcessHandle::destroy);
            shell.destroy();
            shell.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMarkedProcessIsFoundWithItsChildren() throws Exception {
        String marker = "procmark-" + UUID.randomUUID();
        // The shell's command line carries the marker; its child (sleep) does not, as PostgreSQL's backends do not.
        Process shell = new ProcessBuilder("sh", "-c", "sleep 60 & wait; echo " + marker).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<Long> found = ProcCpu.matching(marker);
            while (found.size() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                found = ProcCpu.matching(marker);
            }
            assertThat(found).contains(shell.pid()).hasSize(2);
            long child = found.stream().filter(pid -> pid != shell.pid()).findFirst().orElseThrow();
            assertThat(ProcessHandle.of(child).orElseThrow().parent().orElseThrow().pid()).isEqualTo(shell.pid());
        } finally {
            shell.descendants().forEach(ProcessHandle::destroy);
            shell.destroy();
            shell.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void majorFaultsAreTheTwelfthStatFieldEvenAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (Compiler (C2) x) S 1 4242 4242 0 -1 4194560 1234 0 77 0 150 20 0 0 20 0 30 0 900 "
                + "3000000000 90000 18446744073709551615";
        assertThat(ProcCpu.majorFaults(stat)).isEqualTo(77);
        long self = ProcessHandle.current().pid();
        assertThat(ProcCpu.majorFaults(self)).as("this JVM's own count").isNotNegative();
        assertThat(ProcCpu.majorFaults(Long.MAX_VALUE)).as("no such process").isZero();
    }
}
