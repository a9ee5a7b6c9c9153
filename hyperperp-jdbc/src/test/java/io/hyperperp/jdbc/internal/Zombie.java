package io.hyperperp.jdbc.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A real zombie process for tests: a shell starts a child that exits at once, then replaces itself with
 * {@code sleep}, which never reaps it. The child stays a zombie until the sleeper is destroyed.
 */
final class Zombie implements AutoCloseable {

    private final Process parent;
    private final long pid;

    Zombie() throws IOException, InterruptedException {
        parent = new ProcessBuilder("sh", "-c", "true & echo $!; exec sleep 120").redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        pid = Long.parseLong(out.readLine().strip());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!StalePostmaster.isZombie(pid)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("process " + pid + " did not become a zombie");
            }
            Thread.onSpinWait();
        }
    }

    long pid() {
        return pid;
    }

    @Override
    public void close() {
        parent.destroyForcibly();
    }
}
