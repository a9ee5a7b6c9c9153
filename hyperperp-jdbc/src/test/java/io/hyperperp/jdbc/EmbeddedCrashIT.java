package io.hyperperp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM running the embedded database is killed with SIGKILL (as by the OOM killer or {@code kill -9}); the next
 * start on the same data directory must work and still see committed data.
 */
class EmbeddedCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCrashIT.class);

    @Test
    void orphanedServerOfAKilledJvmIsStoppedOnRestart() throws Exception {
        Path dir = EmbeddedModeIT.newDataDirectory();
        long postmasterPid = runChildAndKillIt(dir, 11);
        ProcessHandle orphan = ProcessHandle.of(postmasterPid).orElseThrow();
        assertThat(orphan.isAlive()).as("zonky's server outlives the killed JVM").isTrue();

        try (Database db = Database.start(DatabaseConfig.embedded(dir))) {
            assertThat(hasExited(orphan)).as("the orphaned postmaster was stopped").isTrue();
            assertThat(EmbeddedModeIT.symbols(db.jdbi())).containsExactly("CHILD-11");
        }
        EmbeddedModeIT.deleteDataDirectory(dir);
    }

    @Test
    void killedJvmAndServerLeaveAStalePidFileThatIsHandled() throws Exception {
        Path dir = EmbeddedModeIT.newDataDirectory();
        long postmasterPid = runChildAndKillIt(dir, 12);
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid).orElseThrow();
        List<ProcessHandle> backends = postmaster.children().toList();
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        postmaster.onExit().get(10, TimeUnit.SECONDS);
        for (ProcessHandle backend : backends) {
            backend.onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(dir.resolve("postmaster.pid")).exists();

        try (Database db = Database.start(DatabaseConfig.embedded(dir))) {
            assertThat(EmbeddedModeIT.symbols(db.jdbi())).containsExactly("CHILD-12");
        }
        EmbeddedModeIT.deleteDataDirectory(dir);
    }

    /**
     * Gone, or exited and waiting to be reaped: the orphan's new parent (init or a subreaper) reaps it
     * in its own time, and until then {@link ProcessHandle#isAlive()} still says true.
     */
    private static boolean hasExited(ProcessHandle process) throws IOException {
        if (!process.isAlive()) {
            return true;
        }
        String text;
        try {
            text = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        } catch (NoSuchFileException reaped) {
            return true;
        }
        char state = text.charAt(text.lastIndexOf(')') + 2);
        return state == 'Z' || state == 'X';
    }

    /** @return pid of the PostgreSQL server the killed child left behind */
    private static long runChildAndKillIt(Path dir, long marketId) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedChild.class.getName(), dir.toString(), Long.toString(marketId))
                .redirectErrorStream(true)
                .start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(child, ready), "embedded-child-output");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(120, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks run
            child.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> pidFile = Files.readAllLines(dir.resolve("postmaster.pid"));
        return Long.parseLong(pidFile.get(0).strip());
    }

    private static void pump(Process child, CompletableFuture<Void> ready) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                LOG.info("[child] {}", line);
                if (line.equals(EmbeddedChild.READY)) {
                    ready.complete(null);
                }
            }
            ready.completeExceptionally(new IllegalStateException("child exited before it was ready"));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }
}
