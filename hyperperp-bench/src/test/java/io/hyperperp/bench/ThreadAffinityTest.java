package io.hyperperp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Pins real threads of this JVM and reads the kernel's view back from {@code /proc}. */
class ThreadAffinityTest {

    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    private static final String ALL = "0-" + (CPUS - 1);

    private static boolean linuxWithTaskset() {
        return Files.isDirectory(Path.of("/proc/self/task"))
                && (Files.isExecutable(Path.of("/usr/bin/taskset")) || Files.isExecutable(Path.of("/bin/taskset")));
    }

    private static String allowed(String tid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/task", tid, "status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring("Cpus_allowed_list:".length()).trim();
            }
        }
        throw new AssertionError("no Cpus_allowed_list for " + tid);
    }

    @Test
    void theMeasuringThreadGetsItsCpuAndEveryOtherThreadTheRest() throws Exception {
        assumeTrue(linuxWithTaskset() && CPUS >= 2, "needs Linux, taskset and 2 CPUs");
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> bystander = new AtomicReference<>();
        Thread other = new Thread(() -> {
            bystander.set(ThreadAffinity.currentThreadId());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();
        try {
            CompletableFuture.runAsync(() -> { }).join(); // a pool thread exists too
            while (bystander.get() == null) {
                Thread.onSpinWait();
            }
            int pinned = ThreadAffinity.isolateCurrentThread("1", "0");
            assertThat(pinned).isPositive();
            assertThat(allowed(ThreadAffinity.currentThreadId())).isEqualTo("1");
            assertThat(allowed(bystander.get())).isEqualTo("0");
            // a thread started by a pinned one inherits its CPU
            AtomicReference<String> child = new AtomicReference<>();
            Thread started = new Thread(() -> {
                try {
                    child.set(allowed(ThreadAffinity.currentThreadId()));
                } catch (Exception e) {
                    child.set(e.toString());
                }
            });
            started.start();
            started.join();
            assertThat(child.get()).isEqualTo("1");
        } finally {
            ThreadAffinity.isolateCurrentThread(ALL, ALL);
            release.countDown();
            other.join();
        }
        assertThat(allowed(ThreadAffinity.currentThreadId())).isEqualTo(ALL);
    }

    private static int niceOfThisThread() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void aThreadsNiceLevelIsItsOwn() throws Exception {
        assumeTrue(linuxWithTaskset(), "needs Linux");
        int before = niceOfThisThread();
        int target = before < 19 ? 19 : 18; // lower than now needs CAP_SYS_NICE: only when the build already runs at 19
        AtomicReference<Object> nice = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                ThreadAffinity.reniceCurrentThread(target);
                nice.set(niceOfThisThread());
            } catch (Exception e) {
                nice.set(e);
            }
        });
        t.start();
        t.join();
        if (nice.get() instanceof ThreadAffinity.PinningFailed refused) {
            assumeTrue(false, "no privilege to raise a thread's priority: " + refused.getMessage());
        }
        assertThat(nice.get()).isEqualTo(target);
        assertThat(niceOfThisThread()).as("this thread untouched").isEqualTo(before);
    }

    @Test
    void badListsAndLevelsAreRejected() {
        assertThatThrownBy(() -> ThreadAffinity.pinCurrentThread("1; rm -rf x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a CPU list");
        assertThatThrownBy(() -> ThreadAffinity.reniceCurrentThread(-21))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-20 to 19");
    }
}
