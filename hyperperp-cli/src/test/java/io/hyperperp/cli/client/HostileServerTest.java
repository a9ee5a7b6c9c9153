package io.hyperperp.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands against a server that answers badly (session 17): an answer without an end ran the CLI out of
 * memory, one sent a byte at a time never timed out (the timeout was per read), and a server's error message reached
 * the terminal with its control characters (an escape sequence could rewrite the screen) at any length.
 */
class HostileServerTest {

    /** Answers every connection with {@code answer} after reading the request head. */
    private interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private static ServerSocket serve(Answer answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        // A thread of its own: on the common pool (one thread on two cores) a server still writing to a client of an
        // earlier test kept this one from accepting.
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    int matched = 0;
                    while (matched < 4) {
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                    }
                    answer.write(s.getOutputStream());
                } catch (IOException | InterruptedException e) {
                    // the client gave up: the test looks at what it said
                }
            }
        });
        return server;
    }

    private static URI uri(ServerSocket server) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/health");
    }

    @Test
    void anAnswerWithoutAnEndIsCutAtTheBound() throws Exception {
        byte[] chunk = new byte[1 << 16];
        java.util.Arrays.fill(chunk, (byte) 'a');
        try (ServerSocket server = serve(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (long sent = 0; sent < 4L << 30; sent += chunk.length) {
                out.write(chunk);
            }
        })) {
            Throwable t = catchThrowable(() -> PlainHttp.send(uri(server), "GET", Map.of(), new byte[0], 60_000));
            assertThat(t).isInstanceOf(IOException.class).hasMessage("answer longer than 67108864 bytes");
        }
    }

    @Test
    void anAnswerSentAByteAtATimeTimesOutAsAWhole() throws Exception {
        byte[] answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                .getBytes(StandardCharsets.US_ASCII);
        try (ServerSocket server = serve(out -> {
            for (byte b : answer) {
                out.write(b);
                out.flush();
                Thread.sleep(100);
            }
        })) {
            long start = System.nanoTime();
            Throwable t = catchThrowable(() -> PlainHttp.send(uri(server), "GET", Map.of(), new byte[0], 1_000));
            assertThat(t).isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aServersControlCharactersAndLengthDoNotReachTheTerminal() throws Exception {
        String message = "\u001b[2J\u001b]0;owned\u0007" + "x".repeat(100_000);
        // JSON escapes: the parsed code and message hold the raw control characters
        String body = ("{\"error\":{\"code\":\"BAD\u001b[31m\",\"message\":\"" + message + "\"}}")
                .replace("\u001b", "\\u001b").replace("\u0007", "\\u0007");
        try (ServerSocket server = serve(out -> out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1)))) {
            Cli r = Cli.run("health", "--server", "http://127.0.0.1:" + server.getLocalPort());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as(r.toString()).doesNotContain("\u001b").doesNotContain("\u0007")
                    .startsWith("error: BAD\\u001b[31m: \\u001b[2J\\u001b]0;owned\\u0007xxx");
            assertThat(r.err().length()).isLessThan(2_000);
        }
        try (ServerSocket server = serve(out -> out.write("\u0000\u001b[2JSSH-2.0\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1)))) {
            Cli r = Cli.run("health", "--server", "http://127.0.0.1:" + server.getLocalPort());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
            assertThat(r.err()).as(r.toString()).contains("not an HTTP/1.1 answer: \\u0000\\u001b[2JSSH-2.0");
        }
    }

    private static final byte[] SSE_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    /** {@code watch} read a stream's line whole: one without an end ran it out of memory. */
    @Test
    void watchEndsAStreamWhoseLineHasNoEnd() throws Exception {
        byte[] chunk = new byte[1 << 16];
        java.util.Arrays.fill(chunk, (byte) 'a');
        try (ServerSocket server = serve(out -> {
            out.write(SSE_HEAD);
            out.write("data: ".getBytes(StandardCharsets.US_ASCII));
            for (long sent = 0; sent < 4L << 30; sent += chunk.length) {
                out.write(chunk);
            }
        })) {
            Cli r = Cli.run("watch", "trades:1", "--server", "http://127.0.0.1:" + server.getLocalPort(),
                    "--timeout", "60");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as(r.toString())
                    .isEqualTo("error: the server sent an event longer than 16777216 characters" + System.lineSeparator());
        }
    }

    /** {@code watch} printed an event's data as it came: an escape sequence in it reached the terminal. */
    @Test
    void watchShowsAnEventsControlCharacters() throws Exception {
        try (ServerSocket server = serve(out -> {
            out.write(SSE_HEAD);
            out.write("id: 7\nevent: trade\ndata: {\"x\":\"\u001b[2J\u202e\"}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        })) {
            Cli r = Cli.run("watch", "trades:1", "--server", "http://127.0.0.1:" + server.getLocalPort(),
                    "--count", "1");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo("7 trade {\"x\":\"\\u001b[2J\\u202e\"}" + System.lineSeparator());
        }
    }

    /**
     * A server that ends every stream at once with {@code retry: 0} cannot make watch reconnect in a tight loop: it
     * waits at least {@link ReconnectingStream#MIN_RECONNECT_MILLIS} between attempts, and stops at its --timeout.
     */
    @Test
    void watchReconnectsNoFasterThanItsFloorWhenTheServerAsksForNoDelay() throws Exception {
        AtomicInteger streams = new AtomicInteger();
        try (ServerSocket server = serve(out -> {
            streams.incrementAndGet();
            out.write(SSE_HEAD);
            out.write("retry: 0\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        })) {
            long start = System.nanoTime();
            Cli r = Cli.run("watch", "trades:1", "--server", "http://127.0.0.1:" + server.getLocalPort(),
                    "--timeout", "1");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat((System.nanoTime() - start) / 1_000_000L).isLessThan(5_000);
            assertThat(streams.get()).as("streams opened in one second").isBetween(2, 11);
        }
    }

    private static final String PLACE = "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa11ce\",\"market_id\":1,"
            + "\"side\":\"sell\",\"order_type\":\"limit\",\"price\":\"30000.0\",\"size\":\"1.0\"}";

    /** A body without Content-Length that goes on until the client hangs up. */
    private static Answer endless() {
        byte[] chunk = new byte[1 << 16];
        java.util.Arrays.fill(chunk, (byte) 'a');
        return out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write(chunk);
            }
        };
    }

    /**
     * {@code replay --server} and {@code bench --http} read answers through the JDK client, which kept a body of any
     * length: an answer without end ran them out of memory.
     */
    @Test
    void replayAndHttpBenchCutAnAnswerWithoutAnEndAtTheBound(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("log.jsonl"), PLACE + "\n");
        try (ServerSocket server = serve(endless())) {
            String url = "http://127.0.0.1:" + server.getLocalPort();
            Cli replay = Cli.run("replay", "--commands", log.toString(), "--server", url, "--request-timeout", "120");
            assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(replay.err()).as(replay.toString())
                    .isEqualTo("error: server unavailable at " + url + ": answer longer than 67108864 bytes"
                            + System.lineSeparator());

            Cli bench = Cli.run("bench", "--http", url, "--requests", "5");
            assertThat(bench.exitCode()).as(bench.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(bench.err()).as(bench.toString())
                    .isEqualTo("error: server unavailable at " + url + ": answer longer than 67108864 bytes"
                            + System.lineSeparator());
        }
    }

    /** {@code replay --server}'s timeout ended when the answer's head came: a body a byte at a time went on. */
    @Test
    void replaysTimeoutBoundsTheWholeAnswer(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("log.jsonl"), PLACE + "\n");
        byte[] body = "{\"order_id\":\"1\",\"fills\":[]}".getBytes(StandardCharsets.US_ASCII);
        try (ServerSocket server = serve(out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (byte b : body) {
                out.flush();
                Thread.sleep(300);
                out.write(b);
            }
        })) {
            String url = "http://127.0.0.1:" + server.getLocalPort();
            long start = System.nanoTime();
            Cli replay = Cli.run("replay", "--commands", log.toString(), "--server", url, "--request-timeout", "1");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(replay.err()).as(replay.toString())
                    .isEqualTo("error: server unavailable at " + url + ": timed out" + System.lineSeparator());
        }
    }
}
