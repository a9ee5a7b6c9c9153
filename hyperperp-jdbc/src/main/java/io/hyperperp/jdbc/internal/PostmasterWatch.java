package io.hyperperp.jdbc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Ends an embedded PostgreSQL start early when its postmaster has exited. Zonky runs {@code pg_ctl -w start} (a child
 * of this process), ignores how it ended, then waits up to its start-up wait (60 s) for a server to answer on the
 * port: a postmaster that refused its settings and exited at once cost a minute before the failure was reported.
 *
 * <p>While the start runs, this watches (every {@value #POLL_MILLIS} ms) for that {@code pg_ctl}: the child whose
 * command is {@code pg_ctl} and whose arguments name the data directory. Once it has exited, a start that succeeded
 * left a running postmaster named by {@code postmaster.pid}; when there is none (no pid file, or it names no running
 * process), the postmaster is gone, and the starting thread is interrupted: zonky's wait then returns at once
 * (it treats an interrupt as the end of the wait), and the caller asks {@link #postmasterGone()}. Not API.
 */
final class PostmasterWatch implements AutoCloseable {

    private static final long POLL_MILLIS = 10;

    private final Path dataDirectory;
    private final Thread starter;
    private final Thread watcher;
    private boolean closed;
    private boolean gone;

    private PostmasterWatch(Path dataDirectory, Thread starter) {
        this.dataDirectory = dataDirectory;
        this.starter = starter;
        this.watcher = Thread.ofPlatform().daemon().name("postmaster-watch").unstarted(this::watch);
    }

    /**
     * Starts watching on behalf of the calling thread, which is about to start the server.
     *
     * @param dataDirectory the absolute data directory the server is started on
     * @return the watch; close it as soon as the start returns or fails
     */
    static PostmasterWatch start(Path dataDirectory) {
        PostmasterWatch watch = new PostmasterWatch(dataDirectory, Thread.currentThread());
        watch.watcher.start();
        return watch;
    }

    /**
     * @return whether the watch saw the postmaster gone (the starting thread was interrupted for it; after
     *     {@link #close()} that interrupt is cleared, so the caller can stop the server and report)
     */
    synchronized boolean postmasterGone() {
        return gone;
    }

    /** Stops watching; no interrupt comes after it, and the one that came, if any, is cleared. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        watcher.interrupt();
        if (postmasterGone()) {
            Thread.interrupted();
        }
    }

    private void watch() {
        try {
            ProcessHandle pgCtl = null;
            while (true) {
                if (pgCtl == null) {
                    pgCtl = findPgCtl().orElse(null);
                } else if (!pgCtl.isAlive() && !postmasterRunning()) {
                    synchronized (this) {
                        if (!closed) {
                            gone = true;
                            starter.interrupt();
                        }
                    }
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private Optional<ProcessHandle> findPgCtl() {
        String directory = dataDirectory.toString();
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().startsWith("pg_ctl"))
                        .orElse(false))
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(directory)).orElse(false))
                .findFirst();
    }

    private boolean postmasterRunning() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return !lines.isEmpty() && ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                    .filter(StalePostmaster::running).isPresent();
        } catch (IOException | NumberFormatException e) {
            return false; // no pid file (or not yet a whole one): no postmaster
        }
    }
}
