package io.hyperperp.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command: the {@code ./hyperperp} launcher at the repository root runs the fat
 * jar (built by the package phase before this integration test) and {@code serve} answers.
 */
class LauncherIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void launcherRunsTheJarAndServes(@TempDir Path dataDir) throws Exception {
        assertThat(ROOT.resolve("hyperperp-cli/target/hyperperp.jar")).exists();
        Process version = new ProcessBuilder("bash", ROOT.resolve("hyperperp").toString(), "--version")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        assertThat(version.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String printed = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(version.exitValue()).as(printed).isZero();
        assertThat(printed).contains("hyperperp ");

        Process serve = new ProcessBuilder("bash", ROOT.resolve("hyperperp").toString(), "serve", "--port", "0",
                "--data-dir", dataDir.toString()).directory(ROOT.toFile()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            Pattern listening = Pattern.compile("listening on (http://\\S+)");
            String uri = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    uri = m.group(1);
                    break;
                }
            }
            assertThat(uri).as("serve printed where it listens").isNotNull();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(uri + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"up\"");
        } finally {
            serve.destroy(); // SIGTERM: graceful shutdown
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))).isTrue();
    }

    @Test
    void jarCarriesPostgresForLinuxOnlyAndStaysSmall() throws Exception {
        Path jar = ROOT.resolve("hyperperp-cli/target/hyperperp.jar");
        // Issue 17: at most 60 MB with PostgreSQL for linux-amd64 and linux-arm64 (exchange-core stays out,
        // see below). This bound catches a platform build or a large dependency coming back.
        assertThat(Files.size(jar)).isLessThanOrEqualTo(60_000_000L);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> postgres = zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".txz")).sorted().toList();
            assertThat(postgres).containsExactly("postgres-linux-arm_64.txz", "postgres-linux-x86_64.txz");
        }
    }

    @Test
    void benchVersusSaysHowFromTheJarAloneAndRunsWithTheBenchJar(@TempDir Path dir) throws Exception {
        Path commands = dir.resolve("tiny.jsonl");
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            log.append("{\"op\":\"place\",\"timestamp\":").append(i).append(",\"user_address\":\"0x")
                    .append(i % 2 == 0 ? "a" : "b").append("\",\"market_id\":1,\"side\":\"")
                    .append(i % 2 == 0 ? "sell" : "buy").append("\",\"order_type\":\"limit\",\"price\":\"")
                    .append(100 + i % 3).append("\",\"size\":\"1\",\"client_order_id\":\"").append(i).append("\"}\n");
        }
        Files.writeString(commands, log);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cliJar = ROOT.resolve("hyperperp-cli/target/hyperperp.jar").toString();

        Process alone = new ProcessBuilder(javaBin, "-jar", cliJar, "bench", "--versus", "exchange-core", "--commands",
                commands.toString(), "--iterations", "2").redirectErrorStream(true).start();
        String aloneOut = new String(alone.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(alone.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(alone.exitValue()).as(aloneOut).isEqualTo(1);
        assertThat(aloneOut).contains("exchange-core is not in this jar").contains("benchmarks.jar");

        Path benchJar = ROOT.resolve("hyperperp-bench/target/benchmarks.jar");
        assertThat(benchJar).exists();
        Process both = new ProcessBuilder(javaBin, "-cp", cliJar + File.pathSeparator + benchJar,
                "io.hyperperp.cli.Main", "bench", "--versus", "exchange-core", "--commands", commands.toString(),
                "--iterations", "2", "--json").redirectErrorStream(false).start();
        String bothOut = new String(both.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String bothErr = new String(both.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(both.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(both.exitValue()).as(bothOut + bothErr).isZero();
        JsonNode result = new ObjectMapper().readTree(bothOut);
        assertThat(result.path("fills").asLong()).as(bothOut).isPositive();
        assertThat(result.path("ratio").isNumber()).as(bothOut).isTrue();
    }

    @Test
    void jsonLogFormatWritesOnlyJsonLinesWithVersionUrlBackendAndRedactedConfiguration() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar",
                ROOT.resolve("hyperperp-cli/target/hyperperp.jar").toString(), "serve", "--in-memory", "--port", "0",
                "--log-format", "json", "--set", "auth.admin_token=log-test-admin-token-0123");
        builder.environment().put("HYPERPERP_SERVER_URL", "http://127.0.0.1:1");
        Process serve = builder.redirectErrorStream(true).start();
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
                lines.add(mapper.readTree(line)); // a line that is not JSON fails the test here
                if (line.contains("ready;")) {
                    break;
                }
            }
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        List<String> messages = lines.stream().map(n -> n.path("formattedMessage").asText()).toList();
        assertThat(messages).anySatisfy(m -> assertThat(m).containsPattern("HyperPerp \\S+ listening on "
                + "http://127\\.0\\.0\\.1:\\d+ \\(none auth, in-memory backend"));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("effective configuration: ")
                .contains("auth.admin_token=<redacted>").doesNotContain("log-test-admin-token"));
        assertThat(lines).allSatisfy(n -> assertThat(n.has("timestamp") && n.has("level")).isTrue());
    }
}
