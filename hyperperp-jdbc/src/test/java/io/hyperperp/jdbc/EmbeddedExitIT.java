package io.hyperperp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM that exits normally (SIGTERM, {@code System.exit}) while its owner closes the embedded database from a
 * shutdown hook of its own, as {@code serve} does: the embedded server must not stop under the owner's last commit
 * when the owner said it closes at exit, and must still stop (so that no PostgreSQL outlives the JVM) when it did not.
 */
class EmbeddedExitIT {

    @Test
    void theOwnersCloseAtExitCommitsBeforeTheServerStopsOnlyWhenExpected() throws Exception {
        Path dir = EmbeddedModeIT.newDataDirectory();
        String expecting = runChild(dir, 31, "exit-expecting-close");
        assertThat(expecting).contains("committed at exit");
        // the control: without the declaration the server's hook stops PostgreSQL at once, beside the owner's hook
        // (zonky's behaviour before), and the owner's last commit is lost
        String notExpecting = runChild(dir, 32, "exit");
        assertThat(notExpecting).contains("commit at exit failed");

        try (Database db = Database.start(DatabaseConfig.embedded(dir))) {
            assertThat(EmbeddedModeIT.symbols(db.jdbi())).containsExactly("CHILD-31", "CHILD-32", "CHILD-31-AT-EXIT");
        }
        EmbeddedModeIT.deleteDataDirectory(dir);
    }

    /** @return the child's output, once it has exited by itself (and its PostgreSQL with it) */
    private static String runChild(Path dir, long marketId, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // to a file, not a pipe: a child whose output filled the pipe would block before it exits
        Path output = dir.resolveSibling(dir.getFileName() + "-child-" + marketId + ".out");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedChild.class.getName(), dir.toString(), Long.toString(marketId), mode)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child exits by itself").isTrue();
            assertThat(child.exitValue()).isZero();
            assertThat(dir.resolve("postmaster.pid")).as("no PostgreSQL outlives the JVM").doesNotExist();
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return text;
        } finally {
            child.destroyForcibly();
        }
    }
}
