package io.hyperperp.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.cli.HyperperpCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

    private static int run(StringWriter err, String... args) {
        CommandLine cli = HyperperpCli.newCommandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void badConfigurationStopsStartUpWithAMessage() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "serve", "--host", "0.0.0.0", "--port", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("loopback");
        StringWriter err2 = new StringWriter();
        assertThat(run(err2, "serve", "--set", "server.prot=1")).isEqualTo(1);
        assertThat(err2.toString()).contains("server.prot");
    }

    @Test
    void servesUntilClosed() throws Exception {
        ServeCommand command = new ServeCommand();
        CommandLine cli = new CommandLine(command);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(cli.execute("--port", "0", "--set", "rate_limit.ip_per_sec=0")));
        t.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (command.server() == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(command.server()).isNotNull();
        URI uri = URI.create(command.server().uri() + "/health");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        command.server().close();
        t.join(10_000);
        assertThat(exit.get()).isZero();
    }
}
