package io.hyperperp.server.ha;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An HA instance running in a child JVM ({@link HaNodeMain}); its output goes to a log file under target/. */
final class HaNode implements AutoCloseable {

    final String name;
    final Process process;
    final int port;
    final String url;

    private HaNode(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.url = "http://127.0.0.1:" + port;
    }

    static HaNode start(String name, String databaseUrl, long leaseMillis) throws Exception {
        return start(name, databaseUrl, leaseMillis, Map.of());
    }

    /** @param settings more settings of the instance ({@code persistence.tables=behind}, ...) */
    static HaNode start(String name, String databaseUrl, long leaseMillis, Map<String, String> settings)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                HaNodeMain.class.getName(), databaseUrl, Long.toString(leaseMillis), name));
        settings.forEach((key, value) -> command.add(key + "=" + value));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        Path log = Path.of("target", "ha-" + name + "-" + p.pid() + ".log");
        Files.createDirectories(log.getParent());
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p, log, port), "ha-node-" + name);
        pump.setDaemon(true);
        pump.start();
        try {
            return new HaNode(name, p, port.get(90, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("instance " + name + " did not start; see " + log, e);
        }
    }

    private static void pump(Process p, Path log, CompletableFuture<Integer> port) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
                if (line.startsWith(HaNodeMain.PORT_LINE)) {
                    port.complete(Integer.parseInt(line.substring(HaNodeMain.PORT_LINE.length()).trim()));
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
        port.completeExceptionally(new IllegalStateException("exited before listening"));
    }

    /** SIGKILL: no shutdown hook, no drain, no lease release. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP or SIGCONT. */
    /**
     * SIGSTOP, then waits until every thread of the process is stopped. The signal is not synchronous: the kernel
     * wakes one thread to take the stop to the others, and on a loaded machine that thread may wait for a core
     * while the instance's other threads still read a request, process it and send its commit (seen in a suite
     * run: an order sent after {@code kill -STOP} returned was committed before the pause took hold).
     */
    void pause() throws Exception {
        signal("STOP");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!allThreadsStopped()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("instance " + name + " did not stop within 10 s of SIGSTOP");
            }
            Thread.sleep(1);
        }
    }

    /** Writes the instance's thread dump ({@code jcmd PID Thread.print}) beside its log; returns where, or why not. */
    String dumpThreads() {
        Path out = Path.of("target", "ha-" + name + "-" + process.pid() + ".threads.txt");
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            return jcmd.waitFor(20, TimeUnit.SECONDS) ? out.toString() : "jcmd did not answer in 20 s";
        } catch (IOException e) {
            return "not dumped: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not dumped: interrupted";
        }
    }

    /** SIGCONT. */
    void resume() throws Exception {
        signal("CONT");
    }

    /** Every thread's state in /proc is stopped (T, t) or gone (Z, X). */
    private boolean allThreadsStopped() throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread exited meanwhile
                }
                // "tid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                if ("TtZX".indexOf(state) < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
