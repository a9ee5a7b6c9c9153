package io.hyperperp.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stale-postmaster check on a pid file that names a zombie: exited, unreaped, and still "alive" to kill(0). */
class StalePostmasterTest {

    @TempDir
    Path dir;

    @Test
    void aPidFileNamingAZombieIsStaleAndRemoved() throws Exception {
        try (Zombie zombie = new Zombie()) {
            ProcessHandle handle = ProcessHandle.of(zombie.pid()).orElseThrow();
            assertThat(handle.isAlive()).as("the JDK takes a zombie for a live process").isTrue();
            assertThat(StalePostmaster.running(handle)).isFalse();
            Path pidFile = dir.resolve("postmaster.pid");
            Files.writeString(pidFile, zombie.pid() + "\n" + dir + "\n");

            StalePostmaster.clear(dir);

            assertThat(pidFile).doesNotExist();
        }
    }

    @Test
    void aLiveProcessIsNotAZombie() {
        assertThat(StalePostmaster.isZombie(ProcessHandle.current().pid())).isFalse();
        assertThat(StalePostmaster.running(ProcessHandle.current())).isTrue();
    }
}
