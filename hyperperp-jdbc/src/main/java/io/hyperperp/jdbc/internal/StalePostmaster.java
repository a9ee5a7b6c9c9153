package io.hyperperp.jdbc.internal;

import io.hyperperp.jdbc.DatabaseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deals with a {@code postmaster.pid} left in an embedded data directory by a process that did not shut down.
 *
 * <p>When the JVM is killed ({@code kill -9}, OOM killer, container stop without grace period) the PostgreSQL
 * server that zonky started keeps running as an orphan and holds the data directory, so the next start-up would
 * fail. When PostgreSQL was killed as well, its {@code postmaster.pid} names a dead process, or one whose number
 * has been reused, which PostgreSQL (started in a user namespace) cannot always tell apart from a live server.
 * Before zonky starts the server we therefore:
 * <ol>
 *   <li>refuse if another live process holds zonky's {@code epg-lock} on the directory (a running instance);</li>
 *   <li>stop an orphaned PostgreSQL named by {@code postmaster.pid} (fast shutdown, then immediate);</li>
 *   <li>delete {@code postmaster.pid} when it names no PostgreSQL process at all, or a zombie: a process that
 *   has exited but whose parent has not reaped it, which {@code kill(pid, 0)} still reports as alive.</li>
 * </ol>
 * Not API.
 */
final class StalePostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);
    private static final String PID_FILE = "postmaster.pid";
    private static final String ZONKY_LOCK_FILE = "epg-lock";
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private StalePostmaster() {
    }

    /**
     * @param dataDirectory absolute data directory
     * @throws DatabaseException when the directory is in use by a live instance or an orphan cannot be stopped
     */
    static void clear(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        ensureNoLiveOwner(dataDirectory);
        Optional<Long> pid = readPid(pidFile);
        // A zombie (exited, not yet reaped by its parent) is "alive" to ProcessHandle and to PostgreSQL's own
        // kill(pid, 0) check, but holds nothing: its pid file is stale.
        Optional<ProcessHandle> process = pid.flatMap(ProcessHandle::of).filter(StalePostmaster::running);
        if (process.isPresent()) {
            Optional<String> binary = binaryName(process.get());
            if (binary.isEmpty()) {
                LOG.info("{} names live pid {} whose command is unknown; leaving the check to PostgreSQL",
                        pidFile, process.get().pid());
                return;
            }
            if (binary.get().equals("postgres") || binary.get().equals("postgres.exe")) {
                if (!runsOn(process.get(), dataDirectory)) {
                    throw new DatabaseException("PostgreSQL process " + process.get().pid() + " named in " + pidFile
                            + " is running but not recognisably on this data directory; refusing to touch it."
                            + " Stop it, or remove " + PID_FILE + " if it is stale.");
                }
                stopOrphan(process.get(), dataDirectory);
            }
        }
        if (Files.exists(pidFile)) {
            LOG.warn("Removing stale {} in {} (pid {} is not a running PostgreSQL): the previous server did not"
                    + " shut down cleanly; PostgreSQL will run crash recovery", PID_FILE, dataDirectory,
                    pid.map(String::valueOf).orElse("unreadable"));
            deleteQuietly(pidFile);
        }
    }

    private static void ensureNoLiveOwner(Path dataDirectory) {
        Path lockFile = dataDirectory.resolve(ZONKY_LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw inUse(dataDirectory, "another process");
            }
        } catch (OverlappingFileLockException e) {
            throw inUse(dataDirectory, "this process");
        } catch (IOException e) {
            LOG.debug("Could not check {} lock in {}", ZONKY_LOCK_FILE, dataDirectory, e);
        }
    }

    private static DatabaseException inUse(Path dataDirectory, String who) {
        return new DatabaseException("Embedded PostgreSQL data directory " + dataDirectory + " is in use by " + who
                + " (a running HyperPerp instance?). Stop it or configure another data directory.");
    }

    /** Alive and not a zombie. */
    static boolean running(ProcessHandle process) {
        return process.isAlive() && !isZombie(process.pid());
    }

    /** True when /proc says the process has exited and waits to be reaped (state Z, or X: dead). */
    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            if (end < 0 || end + 2 >= stat.length()) {
                return false;
            }
            char state = stat.charAt(end + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc (not Linux) or gone: isAlive decides
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> binaryName(ProcessHandle process) {
        return process.info().command().map(command -> Path.of(command).getFileName().toString());
    }

    private static boolean runsOn(ProcessHandle process, Path dataDirectory) {
        return process.info().arguments()
                .map(args -> List.of(args).contains(dataDirectory.toString()))
                .orElse(true);
    }

    private static void stopOrphan(ProcessHandle postmaster, Path dataDirectory) {
        LOG.warn("Found PostgreSQL (pid {}) still running on {}, left behind by a process that did not shut down;"
                + " stopping it", postmaster.pid(), dataDirectory);
        // SIGINT = PostgreSQL "fast" shutdown (clean checkpoint); SIGQUIT = "immediate" (crash recovery on start).
        for (String signal : new String[] {"INT", "QUIT"}) {
            if (signal(postmaster, signal) && awaitExit(postmaster)) {
                LOG.info("Stopped orphaned PostgreSQL (pid {}) with SIG{}", postmaster.pid(), signal);
                return;
            }
        }
        postmaster.destroy();
        if (!awaitExit(postmaster)) {
            throw new DatabaseException("An orphaned PostgreSQL (pid " + postmaster.pid() + ") holds " + dataDirectory
                    + " and did not stop within " + STOP_WAIT.toSeconds() + "s. Stop it manually and restart.");
        }
    }

    private static boolean signal(ProcessHandle process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            LOG.debug("Could not run kill -{} {}", signal, process.pid(), e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for the process to exit; one that becomes a zombie has exited (its parent may never reap it). */
    private static boolean awaitExit(ProcessHandle process) {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        try {
            while (running(process)) {
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                try {
                    process.onExit().get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // poll again: onExit never completes for a zombie
                }
            }
            return true;
        } catch (ExecutionException e) {
            return !running(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", file, e.getMessage());
        }
    }
}
