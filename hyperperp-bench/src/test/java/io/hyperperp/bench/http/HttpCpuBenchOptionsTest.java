package io.hyperperp.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpCpuBenchOptionsTest {

    @TempDir
    Path tree;

    private Path jarInTree() throws Exception {
        Path jar = tree.resolve("hyperperp-cli/target/hyperperp.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        return jar;
    }

    @Test
    void theServerAndTheFloorGetTheLaunchersServeOptionsFromTheJarsTree() throws Exception {
        Path jar = jarInTree();
        Files.createDirectories(tree.resolve("bin"));
        Files.writeString(tree.resolve("bin/serve-jvm-options"), "# comment\n-Xms2g\n\n  -XX:+AlwaysPreTouch  \n");
        HttpCpuBenchOptions o = HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString()});
        assertThat(o.serveOptions()).containsExactly("-Xms2g", "-XX:+AlwaysPreTouch");
        assertThat(HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(), "--serve-options", "none"})
                .serveOptions()).isEmpty();
    }

    @Test
    void aTreeWithoutTheFileGivesNoOptionsAndANamedMissingFileIsAnError() throws Exception {
        Path jar = jarInTree();
        assertThat(HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString()}).serveOptions()).isEmpty();
        assertThatThrownBy(() -> HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(),
                "--serve-options", tree.resolve("nope").toString()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--serve-options");
    }

    @Test
    void badNumbersAreRejectedWithTheOptionsName() throws Exception {
        Path jar = jarInTree();
        assertThatThrownBy(() -> HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(),
                "--requests", "-3"})).hasMessageContaining("--requests");
        assertThat(List.of(HttpCpuBenchOptions.usage().split("\n"))).anyMatch(l -> l.contains("--serve-options"));
    }

    @Test
    void cpuListsPinTheServersAndAreChecked() throws Exception {
        Path jar = jarInTree();
        HttpCpuBenchOptions o = HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(),
                "--server-cpus", "1", "--load-cpus", "0,2-3"});
        assertThat(o.serverCpus()).isEqualTo("1");
        assertThat(o.loadCpus()).isEqualTo("0,2-3");
        assertThat(o.serverPrefix()).containsExactly("taskset", "-c", "1");
        assertThat(HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString()}).serverPrefix()).isEmpty();
        for (String bad : List.of("", "a", "1;rm", "-1", "1,", "1--2")) {
            assertThatThrownBy(() -> HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(),
                    "--server-cpus", bad})).hasMessageContaining("--server-cpus");
        }
    }

    @Test
    void theTimelineAndTheSecondServersOwnJvmOptionsAreTakenAsGiven() throws Exception {
        Path jar = jarInTree();
        HttpCpuBenchOptions o = HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(),
                "--timeline", "runs", "--compare-jvm", "-Xmn32m", "--compare-jvm", "-Xlog:gc"});
        assertThat(o.timelineDir()).isEqualTo(Path.of("runs"));
        assertThat(o.compareJvmArgs()).containsExactly("-Xmn32m", "-Xlog:gc");
        HttpCpuBenchOptions plain = HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString()});
        assertThat(plain.timelineDir()).isNull();
        assertThat(plain.compareJvmArgs()).isEmpty();
    }

    @Test
    void theSecondServersOwnSettingsAreKeptApartFromTheSharedOnes() throws Exception {
        Path jar = jarInTree();
        HttpCpuBenchOptions o = HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(),
                "--set", "server.history_orders=5000", "--compare-set", "server.history_orders=1000",
                "--compare-set", "server.history_trades=1000"});
        assertThat(o.serverSettings()).containsExactly("server.history_orders=5000");
        assertThat(o.compareSettings()).containsExactly("server.history_orders=1000", "server.history_trades=1000");
        assertThat(HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString()}).compareSettings()).isEmpty();
    }

    @Test
    void aWrapperRunsTheServersAfterTheirPinning() throws Exception {
        Path jar = jarInTree();
        HttpCpuBenchOptions o = HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(),
                "--server-cpus", "1", "--server-wrapper", " chrt  -r 1 "});
        assertThat(o.serverPrefix()).containsExactly("taskset", "-c", "1", "chrt", "-r", "1");
        assertThat(HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(), "--server-wrapper",
                "bin/sched-slice 100"}).serverPrefix()).containsExactly("bin/sched-slice", "100");
        for (String bad : List.of("", "   ")) {
            assertThatThrownBy(() -> HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(),
                    "--server-wrapper", bad})).hasMessageContaining("--server-wrapper");
        }
    }

    @Test
    void theP99FillDefaultsPastTheInMemoryBoundsAndMayBeOff() throws Exception {
        Path jar = jarInTree();
        assertThat(HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString()}).fill()).isEqualTo(300_000);
        assertThat(HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(), "--fill", "0"}).fill())
                .isZero();
        assertThatThrownBy(() -> HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(),
                "--fill", "-1"})).hasMessageContaining("--fill");
        assertThatThrownBy(() -> HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(),
                "--requests", "0"})).hasMessageContaining("--requests");
    }

    @Test
    void theSettlingRoundsDefaultToTenAndMayBeOff() throws Exception {
        Path jar = jarInTree();
        assertThat(HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString()}).settleRounds())
                .isEqualTo(10);
        assertThat(HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(), "--settle-rounds", "0"})
                .settleRounds()).isZero();
        assertThatThrownBy(() -> HttpCpuBenchOptions.parse(new String[] {"--server-jar", jar.toString(),
                "--settle-rounds", "x"})).hasMessageContaining("--settle-rounds");
    }
}
