package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.cli.HyperperpCli;
import io.hyperperp.server.HyperperpServer;
import io.hyperperp.server.config.ServerConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process with captured output; starts in-memory servers on random ports. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        CommandLine cli = HyperperpCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    JsonNode json() throws IOException {
        return ApiClient.MAPPER.readTree(out);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }

    /** An in-memory server on a random loopback port, generous limits, short batch timeout, plus settings. */
    static HyperperpServer server(Map<String, String> settings) throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("server.port", "0");
        flags.put("rate_limit.ip_per_sec", "0");
        flags.put("rate_limit.user_per_sec", "0");
        flags.put("settlement.batch_timeout_secs", "0.1");
        // These servers trade without collateral: markets without margin (the tour and account tests use serve's cross).
        flags.put("server.default_margin", "none");
        flags.putAll(settings);
        return HyperperpServer.start(ServerConfigLoader.load(flags, Map.of(), null));
    }

    /** A loopback port nothing listens on (just closed). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
