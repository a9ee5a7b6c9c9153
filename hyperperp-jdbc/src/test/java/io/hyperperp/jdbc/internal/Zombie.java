package io.hyperperp.jdbc.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A real zombie process for tests: a Perl parent forks a child that exits at once and never waits for it
 * (a shell may reap its background job before it execs, on a busy machine). The child stays a zombie
 * until the parent is destroyed. Perl is part of every Debian-based system ({@code perl-base}).
 */
final class Zombie implements AutoCloseable {

    private final Process parent;
    private final long pid;

    Zombie() throws IOException, InterruptedException {
        parent = new ProcessBuilder("perl", "-e",
                "$| = 1; my $child = fork(); exit 0 if $child == 0; print \"$child\\n\"; sleep 120;").redirectErrorStream(true).start();
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
