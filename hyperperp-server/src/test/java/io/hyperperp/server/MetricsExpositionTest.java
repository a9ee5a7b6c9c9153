package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.server.metrics.BuildInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics carries the JVM, process, pool and build meters, counters at zero, and docs/operations.md lists it all. */
class MetricsExpositionTest {

    private static final Pattern TYPE_LINE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");

    @Test
    void inMemoryServerExportsJvmProcessBuildAndZeroCounters() throws Exception {
        try (TestServer t = TestServer.start()) {
            TestServer.Reply reply = t.get("/metrics");
            assertThat(reply.status()).isEqualTo(200);
            String text = reply.text();
            assertThat(families(text)).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
                    "jvm_gc_memory_allocated_bytes_total", "jvm_classes_loaded_classes", "process_cpu_usage",
                    "process_uptime_seconds", "system_cpu_count", "hyperperp_build_info");
            assertThat(text).contains("hyperperp_build_info{version=\"" + BuildInfo.version() + "\"")
                    .contains("hyperperp_stream_disconnects_total{reason=\"slow\"} 0")
                    .contains("hyperperp_stream_disconnects_total{reason=\"overflow\"} 0")
                    .contains("hyperperp_orders_total{result=\"rejected\"} 0")
                    .contains("hyperperp_fills_total 0")
                    .contains("hyperperp_settlement_batch_changes_total{status=\"confirmed\"} 0")
                    .contains("hyperperp_rejections_total{reason=\"POST_ONLY_WOULD_CROSS\"} 0")
                    .doesNotContain("hikaricp_");
            assertThat(BuildInfo.version()).isNotEqualTo("unknown");
            assertThat(undocumented(text)).isEmpty();
        }
    }

    @Test
    void persistentServerExportsConnectionPoolMeters(@TempDir Path dataDir) throws Exception {
        try (TestServer t = TestServer.startPersistent(Map.of(), dataDir)) {
            String text = t.get("/metrics").text();
            assertThat(families(text)).contains("hikaricp_connections_active", "hikaricp_connections_max",
                    "hikaricp_connections_acquire_seconds");
            assertThat(text).contains("pool=\"hyperperp-db\"");
            assertThat(undocumented(text)).isEmpty();
        }
    }

    private static Set<String> families(String exposition) {
        Set<String> out = new TreeSet<>();
        Matcher m = TYPE_LINE.matcher(exposition);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Families in the exposition that docs/operations.md does not name. */
    private static Set<String> undocumented(String exposition) throws Exception {
        String doc = Files.readString(docs().resolve("operations.md"), StandardCharsets.UTF_8);
        Set<String> missing = new TreeSet<>();
        for (String family : families(exposition)) {
            if (!doc.contains("`" + family + "`")) {
                missing.add(family);
            }
        }
        return missing;
    }

    private static Path docs() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        return dir.resolve("docs");
    }
}
