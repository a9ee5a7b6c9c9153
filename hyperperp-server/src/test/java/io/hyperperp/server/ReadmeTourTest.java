package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs the curl commands of the README's five-minute tour against a server: the README must not lie. */
class ReadmeTourTest {

    private static final Pattern CURL = Pattern.compile(
            "curl -s(?: -X (\\w+))? '?localhost:8080([^' ]+)'?((?: -H '[^']*')*)(?: -d '([^']*)')?");
    private static final Pattern HEADER = Pattern.compile(" -H '([^:]+): ([^']*)'");

    @Test
    void everyTourCommandWorks() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String tour = readme.substring(readme.indexOf("## Five-minute tour"), readme.indexOf("## Architecture"));
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : tour.split("\n")) {
            String trimmed = line.strip();
            if (current.length() > 0 || trimmed.startsWith("curl ")) {
                boolean continues = trimmed.endsWith("\\");
                current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
                if (!continues) {
                    commands.add(current.toString().replaceAll("\\s+#.*$", "").replaceAll("\\s+", " ").strip());
                    current.setLength(0);
                }
            }
        }
        assertThat(commands).hasSizeGreaterThanOrEqualTo(6);
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", "tour-admin-secret-2026",
                "server.default_margin", "cross"))) {
            List<String> answers = new ArrayList<>();
            for (String command : commands) {
                Matcher m = CURL.matcher(command);
                assertThat(m.matches()).as("a curl command the test understands: " + command).isTrue();
                String method = m.group(1) == null ? "GET" : m.group(1);
                HttpRequest.Builder b = HttpRequest.newBuilder(t.uri(m.group(2)));
                Matcher header = HEADER.matcher(m.group(3));
                while (header.find()) {
                    b.header(header.group(1), header.group(2));
                }
                b = m.group(4) == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                        : b.method(method, HttpRequest.BodyPublishers.ofString(m.group(4)));
                TestServer.Reply reply = t.send(b.build());
                // The tour says: after the batch timeout (0.05 s here); ask again until then, within 10 s.
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (command.contains("status=confirmed") && !reply.text().contains("\"confirmed\"")
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                    reply = t.send(b.build());
                }
                assertThat(reply.status()).as(command + " -> " + reply.text()).isEqualTo(200);
                answers.add(reply.text());
            }
            assertThat(answers.get(0)).contains("\"credited\":true").contains("\"collateral\":\"100000.0\"");
            assertThat(answers.get(4)).contains("0xb0b").contains("\"4.0\"");
            assertThat(answers.get(5)).contains("\"6.0\"");
            assertThat(answers.get(6)).contains("\"confirmed\"");
            assertThat(answers.get(7)).contains("\"4.0\"");
            assertThat(answers.get(8)).contains("\"entry_price\":\"30000.0\"").contains("\"side\":\"long\"");
            // The fee account holds both sides' fees of the 4 at 30,000: 60 (taker, 5 bps) + 24 (maker, 2 bps).
            assertThat(answers.get(9)).contains("\"address\":\"fee_account\"").contains("\"collateral\":\"84.0\"");
        }
    }
}
