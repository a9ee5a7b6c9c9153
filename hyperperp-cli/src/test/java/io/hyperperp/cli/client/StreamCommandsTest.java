package io.hyperperp.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.server.HyperperpServer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** watch and book --watch read the SSE stream and stop after --count events or --timeout. */
class StreamCommandsTest {

    private static void awaitStreamClients(String url, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Cli h = Cli.run("health", "--server", url, "--json");
            if (h.exitCode() == 0 && h.json().get("stream_clients").asInt() >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no stream client connected");
    }

    @Test
    void watchPrintsOneLinePerEvent() throws Exception {
        try (HyperperpServer s = Cli.server(Map.of())) {
            String url = s.uri().toString();
            CompletableFuture<Cli> watch = CompletableFuture.supplyAsync(
                    () -> Cli.run("watch", "trades:1", "--server", url, "--count", "2", "--timeout", "20"));
            awaitStreamClients(url, 1);
            Cli.run("submit", "--server", url, "--user", "0xa1", "--market", "1", "--sell", "--limit", "100", "--size", "1");
            Cli.run("submit", "--server", url, "--user", "0xa2", "--market", "1", "--buy", "--limit", "100", "--size", "1");
            Cli r = watch.get(30, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out().lines()).hasSize(2);
            assertThat(r.out().lines().toList().get(0)).contains("subscribed");
            assertThat(r.out().lines().toList().get(1)).contains(" fill ").contains("\"price\":\"100.0\"");

            Cli json = Cli.run("watch", "book:1", "--server", url, "--count", "2", "--json");
            assertThat(json.exitCode()).as(json.toString()).isZero();
            assertThat(json.out().lines().toList().get(1)).contains("\"event\":\"snapshot\"");

            Cli idle = Cli.run("watch", "trades:2", "--server", url, "--timeout", "0.3");
            assertThat(idle.exitCode()).as(idle.toString()).isZero();
            assertThat(idle.out()).contains("subscribed");

            Cli bad = Cli.run("watch", "nonsense:1", "--server", url, "--count", "1");
            assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(ExitCodes.ERROR);
            assertThat(bad.err()).startsWith("error: ");
        }
    }

    /**
     * A stream the server ends at its age bound ({@code stream.max_age_secs}, with a {@code retry:} hint) ended watch
     * with "the server closed the stream" (exit 4); watch now reopens it after the hint and resumes after the last event
     * it printed.
     */
    @Test
    void watchReconnectsAndResumesWhenTheServerEndsTheStreamAtItsAgeBound() throws Exception {
        try (HyperperpServer s = Cli.server(Map.of("stream.max_age_secs", "1"))) {
            String url = s.uri().toString();
            CompletableFuture<Cli> watch = CompletableFuture.supplyAsync(
                    () -> Cli.run("watch", "trades:1", "--server", url, "--count", "4", "--timeout", "30"));
            awaitStreamClients(url, 1);
            Cli.run("submit", "--server", url, "--user", "0xa1", "--market", "1", "--sell", "--limit", "100", "--size",
                    "1");
            Cli.run("submit", "--server", url, "--user", "0xa2", "--market", "1", "--buy", "--limit", "100", "--size",
                    "1");
            Cli r = watch.get(60, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            var lines = r.out().lines().toList();
            assertThat(lines).as(r.toString()).hasSize(4);
            assertThat(lines.get(0)).contains(" subscribed ").contains("\"resumed\":false");
            // the fill once, whether it came on the first stream or, placed between two, on the resumed one; every
            // later stream resumed after the last event printed (nothing sent twice, nothing missed)
            assertThat(lines.stream().filter(l -> l.contains(" fill "))).hasSize(1);
            assertThat(lines.stream().skip(1).filter(l -> l.contains(" subscribed "))).hasSize(2)
                    .allMatch(l -> l.contains("\"resumed\":true"));
        }
    }

    /** {@code book --watch} ended with exit 4 at the server's age bound; it now reopens the stream and redraws. */
    @Test
    void bookWatchReopensTheStreamAfterTheAgeBound() throws Exception {
        try (HyperperpServer s = Cli.server(Map.of("stream.max_age_secs", "1"))) {
            String url = s.uri().toString();
            Cli.run("submit", "--server", url, "--user", "0xa1", "--market", "1", "--sell", "--limit", "101", "--size",
                    "2");
            Cli r = Cli.run("book", "1", "--watch", "--server", url, "--count", "3", "--timeout", "30", "--json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            // one snapshot per stream: the first and two reopened ones, each with the resting ask
            assertThat(r.out().lines().toList()).hasSize(3)
                    .allMatch(l -> l.contains("\"event\":\"snapshot\"") && l.contains("\"101.0\""));
        }
    }

    @Test
    void bookWatchRedrawsFromTheStream() throws Exception {
        try (HyperperpServer s = Cli.server(Map.of())) {
            String url = s.uri().toString();
            Cli.run("submit", "--server", url, "--user", "0xa1", "--market", "1", "--sell", "--limit", "101", "--size", "2");
            CompletableFuture<Cli> watch = CompletableFuture.supplyAsync(
                    () -> Cli.run("book", "1", "--watch", "--server", url, "--count", "2", "--timeout", "20"));
            awaitStreamClients(url, 1);
            Cli.run("submit", "--server", url, "--user", "0xa2", "--market", "1", "--buy", "--limit", "99", "--size", "3");
            Cli r = watch.get(30, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            String[] drawings = r.out().split("\n\n");
            assertThat(drawings).hasSize(2);
            assertThat(drawings[0]).contains("101.0").doesNotContain("99.0");
            assertThat(drawings[1]).contains("101.0").contains("99.0").contains("spread 2");
        }
    }
}
