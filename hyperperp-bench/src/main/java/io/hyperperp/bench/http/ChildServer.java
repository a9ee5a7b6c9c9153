package io.hyperperp.bench.http;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server the benchmark starts in its own JVM (the floor or HyperPerp) on a free loopback port, its
 * output appended to a log file, and stops at the end.
 */
final class ChildServer implements AutoCloseable {

    private final String name;
    private final Process process;
    private final URI base;
    private final Path log;

    private ChildServer(String name, Process process, URI base, Path log) {
        this.name = name;
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /**
     * Starts {@code prefix... java jvmArgs... program...} where the program's arguments may name the port as
     * {@code {port}}, and waits (at most {@code startMillis}) until {@code healthPath} answers. The prefix (such as
     * {@code taskset -c 1}) must exec the JVM in its own process, so that the process measured is the JVM.
     */
    static ChildServer start(String name, List<String> prefix, List<String> jvmArgs, List<String> program,
                             String healthPath, Path log, long startMillis) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(prefix);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmArgs);
        for (String arg : program) {
            command.add(arg.replace("{port}", Integer.toString(port)));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ChildServer server = new ChildServer(name, p, URI.create("http://127.0.0.1:" + port), log);
        server.awaitHealthy(healthPath, startMillis);
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitHealthy(String path, long startMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startMillis);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before it answered; see " + log);
            }
            try {
                HttpURLConnection c = (HttpURLConnection) base.resolve(path).toURL().openConnection();
                c.setConnectTimeout(1_000);
                c.setReadTimeout(1_000);
                if (c.getResponseCode() < 500) {
                    c.getInputStream().close();
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet: poll again
            }
            Thread.sleep(100);
        }
        close();
        throw new IOException(name + " did not answer " + path + " within " + startMillis + " ms; see " + log);
    }

    String name() {
        return name;
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
