package io.hyperperp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver HTTP API with the JDK client: no
 * browser-automation dependency. Debian's {@code chromium} and {@code chromium-driver} packages
 * provide the binaries; {@link #locate()} installs them with apt-get when they are missing and this
 * process may (root, apt-get present), as .ci/run does.
 */
final class HeadlessChromium implements AutoCloseable {

    /** The flags that work in a container without a display or a sandbox. */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");

    private final Process driver;
    private final Path profile;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String session;

    /** The binaries, or why they are not there. */
    record Binaries(Path chromium, Path chromedriver) {
    }

    private HeadlessChromium(Binaries binaries) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        this.profile = Files.createTempDirectory("hyperperp-chromium-");
        this.driver = new ProcessBuilder(binaries.chromedriver().toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromedriver.log").toFile()).start();
        this.base = URI.create("http://127.0.0.1:" + port);
        try {
            awaitReady(Duration.ofSeconds(20));
            ObjectNode options = TestServer.MAPPER.createObjectNode();
            options.put("binary", binaries.chromium().toString());
            ArrayNode args = options.putArray("args");
            FLAGS.forEach(args::add);
            args.add("--user-data-dir=" + profile.resolve("profile"));
            ObjectNode body = TestServer.MAPPER.createObjectNode();
            ObjectNode always = body.putObject("capabilities").putObject("alwaysMatch");
            always.put("browserName", "chrome");
            always.set("goog:chromeOptions", options);
            JsonNode created = call("POST", "/session", body, Duration.ofSeconds(60));
            this.session = created.path("value").path("sessionId").asText();
            if (session.isEmpty()) {
                throw new IllegalStateException("chromedriver did not create a session: " + created);
            }
        } catch (Exception | Error e) {
            stopDriver();
            throw e;
        }
    }

    /** Starts chromedriver and a headless Chromium session. */
    static HeadlessChromium start(Binaries binaries) throws Exception {
        return new HeadlessChromium(binaries);
    }

    /**
     * The installed binaries; when missing, tries {@code apt-get install chromium chromium-driver}
     * (as root, bounded in time). Empty with the reason in {@code why[0]} when that is impossible.
     */
    static Optional<Binaries> locate(String[] why) {
        Optional<Binaries> found = find();
        if (found.isPresent()) {
            return found;
        }
        if (!"root".equals(System.getProperty("user.name")) || find("apt-get").isEmpty()) {
            why[0] = "chromium and chromedriver are not installed, and this process cannot install them (not root "
                    + "or no apt-get): install Debian's chromium and chromium-driver packages (.ci/run does)";
            return Optional.empty();
        }
        String out = run(List.of("apt-get", "install", "-y", "-q", "chromium", "chromium-driver"));
        found = find();
        if (found.isEmpty()) {
            out = run(List.of("apt-get", "update", "-q")) + run(List.of("apt-get", "install", "-y", "-q", "chromium",
                    "chromium-driver"));
            found = find();
        }
        if (found.isEmpty()) {
            why[0] = "installing chromium and chromium-driver with apt-get failed: "
                    + out.substring(Math.max(0, out.length() - 600));
        }
        return found;
    }

    private static Optional<Binaries> find() {
        Optional<Path> chromium = find("chromium").or(() -> find("chromium-browser"));
        Optional<Path> driver = find("chromedriver");
        return chromium.isPresent() && driver.isPresent() ? Optional.of(new Binaries(chromium.get(), driver.get()))
                : Optional.empty();
    }

    private static Optional<Path> find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String run(List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Opens a URL in the session's tab. */
    void navigate(String url) throws Exception {
        ObjectNode body = TestServer.MAPPER.createObjectNode().put("url", url);
        call("POST", "/session/" + session + "/url", body, Duration.ofSeconds(30));
    }

    /** Runs a script in the page and returns its {@code value}. */
    JsonNode script(String script) throws Exception {
        ObjectNode body = TestServer.MAPPER.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", "/session/" + session + "/execute/sync", body, Duration.ofSeconds(10)).path("value");
    }

    /** Polls a script until it returns something other than null, or fails at the deadline. */
    JsonNode awaitValue(String script, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode v = script(script);
            if (v != null && !v.isNull() && !v.isMissingNode()) {
                return v;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("the page did not finish within " + timeout + "; its state: "
                + script("return JSON.stringify(window.progress || null)"));
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!driver.isAlive()) {
                throw new IllegalStateException("chromedriver exited: " + Files.readString(profile.resolve("chromedriver.log")));
            }
            try {
                if (call("GET", "/status", null, Duration.ofSeconds(2)).path("value").path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("chromedriver did not become ready", last);
    }

    private JsonNode call(String method, String path, JsonNode body, Duration timeout) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(TestServer.MAPPER.writeValueAsString(body)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = TestServer.MAPPER.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("chromedriver " + method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return json;
    }

    private void stopDriver() {
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
        try {
            driver.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestServer.deleteDirectory(profile);
    }

    @Override
    public void close() {
        try {
            call("DELETE", "/session/" + session, null, Duration.ofSeconds(10));
        } catch (Exception e) {
            // The driver and its browser are killed below anyway.
        } finally {
            stopDriver();
        }
    }
}
