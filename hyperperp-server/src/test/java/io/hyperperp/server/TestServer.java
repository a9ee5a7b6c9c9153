package io.hyperperp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.config.ServerConfigLoader;
import io.hyperperp.server.persistence.JdbcBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A server on a random loopback port with the in-memory backend, and a small JSON HTTP client. */
final class TestServer implements AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();

    final HyperperpServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(ServerConfig config) throws Exception {
        this.server = HyperperpServer.start(config);
    }

    TestServer(ServerConfig config, io.hyperperp.server.backend.BackendFactory backend) throws Exception {
        this.server = HyperperpServer.start(config, backend);
    }

    /** Wraps a running server (closing this closes it). */
    TestServer(HyperperpServer server) {
        this.server = server;
    }

    /** Defaults on port 0, generous rate limits, plus the given settings (TOML keys). */
    static TestServer start(Map<String, String> settings) throws Exception {
        return new TestServer(ServerConfigLoader.load(flags(settings), Map.of(), null));
    }

    /** Like {@link #start(Map)} but on the persistent backend (embedded PostgreSQL in {@code dataDir}). */
    static TestServer startPersistent(Map<String, String> settings, Path dataDir) throws Exception {
        Map<String, String> flags = flags(settings);
        flags.putIfAbsent("server.data_dir", dataDir.toString());
        return new TestServer(ServerConfigLoader.load(flags, Map.of(), null), JdbcBackend::open);
    }

    private static Map<String, String> flags(Map<String, String> settings) {
        Map<String, String> flags = new HashMap<>();
        flags.put("server.port", "0");
        flags.put("rate_limit.ip_per_sec", "0");
        flags.put("rate_limit.user_per_sec", "0");
        flags.put("settlement.batch_timeout_secs", "0.05");
        // The route tests trade without collateral: their markets are configured without margin. The
        // account, README-tour and margin tests ask for "cross", serve's default, explicitly.
        flags.put("server.default_margin", "none");
        flags.putAll(settings);
        return flags;
    }

    /** Deletes a test's data directory and everything in it. */
    static void deleteDirectory(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TestServer start() throws Exception {
        return start(Map.of());
    }

    URI uri(String pathAndQuery) {
        return URI.create(server.uri() + pathAndQuery);
    }

    record Reply(int status, JsonNode json, String text, HttpResponse<String> raw) {
    }

    Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode json = null;
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/json")) {
            json = MAPPER.readTree(r.body());
        }
        return new Reply(r.statusCode(), json, r.body(), r);
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    Reply request(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return send(b.build());
    }

    Reply post(String path, String body) throws IOException, InterruptedException {
        return request("POST", path, body);
    }

    /** A JSON POST carrying the admin token as a bearer token (deposits, marks, funding). */
    Reply postAsAdmin(String token, String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** {@code POST /v1/deposits} with the admin token: credits {@code amount} to {@code user} under {@code id}. */
    Reply depositAsAdmin(String token, String user, String amount, String id) throws IOException, InterruptedException {
        return postAsAdmin(token, "/v1/deposits", "{\"user_address\":\"" + user + "\",\"amount\":\"" + amount
                + "\",\"deposit_id\":\"" + id + "\"}");
    }

    static String order(String user, long market, String side, String size, String price) {
        return "{\"user_address\":\"" + user + "\",\"market_id\":" + market + ",\"side\":\"" + side
                + "\",\"order_type\":\"limit\",\"size\":\"" + size + "\",\"price\":\"" + price + "\"}";
    }

    @Override
    public void close() {
        server.close();
    }
}
