package io.hyperperp.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files given as config.toml, markets file or secret file (session 18): a device without end ran the JVM out
 * of memory (a stack trace), a file that is not UTF-8 said "Input length = 1", a missing one named only its path, and
 * a config.toml beginning with a byte order mark was "Unknown token". Each is now one line naming the file and the
 * reason, and the mark is skipped.
 */
class HostileConfigFilesTest {

    private static final Path ENDLESS = Path.of("/dev/zero");

    @Test
    void endlessFilesAreRefusedByLengthNotByRunningOutOfMemory() {
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of(), ENDLESS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file /dev/zero is longer than " + ConfigFiles.MAX_CONFIG_BYTES + " bytes");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.markets_file", "/dev/zero"), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.markets_file /dev/zero is longer than");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("auth.admin_token_file", "/dev/zero"), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.admin_token_file /dev/zero is longer than");
    }

    @Test
    void unreadableFilesAreNamedWithTheReason(@TempDir Path dir) throws Exception {
        Path latin1 = dir.resolve("latin1.toml");
        Files.write(latin1, "[server]\nhost = \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of(), latin1))
                .hasMessage("config file " + latin1 + " is not UTF-8 text");
        Path missing = dir.resolve("missing.toml");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of(), missing))
                .hasMessage("config file " + missing + " not found");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of(), dir))
                .hasMessage("config file " + dir + " is a directory");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.markets_file", missing.toString()), Map.of(),
                null)).hasMessage("server.markets_file " + missing + " not found");
    }

    @Test
    void aConfigFileMayBeginWithAByteOrderMark(@TempDir Path dir) throws Exception {
        Path marked = dir.resolve("marked.toml");
        Files.writeString(marked, "\uFEFF[server]\nport = 9311\n", StandardCharsets.UTF_8);
        assertThat(ServerConfigLoader.load(Map.of(), Map.of(), marked).port()).isEqualTo(9311);
    }
}
