package io.hyperperp.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Markets files and [[markets]] tables an operator got wrong: start-up stops with a message naming the key and
 * the reason, and nothing that would fail later (every commit, or every market on default specs) gets through.
 */
class HostileMarketsConfigTest {

    @TempDir
    Path dir;

    private ServerConfig load(String marketsJson) throws Exception {
        Path file = dir.resolve("markets.json");
        Files.writeString(file, marketsJson);
        return ServerConfigLoader.load(Map.of("server.markets_file", file.toString()), Map.of(), null);
    }

    @Test
    void aSymbolThatCannotBeStoredIsRefusedAtStartUp() {
        // PostgreSQL refuses U+0000 in text: the first order failed its commit for ever (503 on every command)
        assertThatThrownBy(() -> load("[{\"market_id\":1,\"symbol\":\"A\\u0000B\"}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("markets[0]").hasMessageContaining("symbol");
        assertThatThrownBy(() -> load("[{\"market_id\":1,\"symbol\":\"A\\ud800\"}]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("symbol");
        assertThatThrownBy(() -> load("[{\"market_id\":1,\"symbol\":\"" + "S".repeat(65) + "\"}]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("symbol must be at most 64");
    }

    @Test
    void aSymbolOfTheLongestLengthAndAnyLanguageIsAccepted() throws Exception {
        assertThat(load("[{\"market_id\":1,\"symbol\":\"" + "S".repeat(64) + "\"}]").markets().find(1).orElseThrow().symbol())
                .hasSize(64);
        assertThat(load("[{\"market_id\":2,\"symbol\":\"\u00e9\u20ac-\ud83d\ude80\"}]").markets().find(2).orElseThrow().symbol())
                .isEqualTo("\u00e9\u20ac-\ud83d\ude80");
    }

    /**
     * A markets file saved with a UTF-8 byte order mark (as some Windows editors save) stopped start-up with "not
     * valid JSON ... Unexpected character (code 65279)", though a commands file may begin with one (session 16).
     */
    @Test
    void aMarketsFileBeginningWithAByteOrderMarkIsRead() throws Exception {
        assertThat(load("\uFEFF[{\"market_id\":3,\"symbol\":\"BOM-USD\"}]").markets().find(3).orElseThrow().symbol())
                .isEqualTo("BOM-USD");
        // Only at the start: anywhere else it is not JSON.
        assertThatThrownBy(() -> load("[\uFEFF{\"market_id\":3,\"symbol\":\"BOM-USD\"}]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void anEmptyMarketsFileIsRefusedNotReadAsNoMarkets() {
        // read as "no markets", every market id got the default spec: a truncated file went unnoticed
        assertThatThrownBy(() -> load("")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.markets_file is empty");
        assertThatThrownBy(() -> load("  \n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.markets_file is empty");
    }

    @Test
    void malformedJsonSaysWhereAndWhy() {
        // was "cannot be read: JsonParseException"
        assertThatThrownBy(() -> load("[{\"market_id\":1,\n  \"tick_size\": }]")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("server.markets_file is not valid JSON (line 2, column")
                .hasMessageContaining("Unexpected character");
        assertThatThrownBy(() -> load("[".repeat(5_000) + "]".repeat(5_000))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.markets_file is not valid JSON").hasMessageContaining("nesting depth");
    }

    @Test
    void aMissingOrNonUtf8FileIsNamedAsSuch() throws Exception {
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.markets_file",
                dir.resolve("absent.json").toString()), Map.of(), null)).isInstanceOf(ConfigException.class)
                .hasMessage("server.markets_file " + dir.resolve("absent.json") + " not found");
        Path file = dir.resolve("latin1.json");
        Files.write(file, new byte[] {'[', '{', '"', 's', 'y', 'm', 'b', 'o', 'l', '"', ':', '"', (byte) 0xe9, '"',
                '}', ']'});
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.markets_file", file.toString()), Map.of(),
                null)).isInstanceOf(ConfigException.class).hasMessage("server.markets_file " + file + " is not UTF-8 text");
    }
}
