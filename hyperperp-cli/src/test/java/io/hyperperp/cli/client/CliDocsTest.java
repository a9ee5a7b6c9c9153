package io.hyperperp.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.cli.HyperperpCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/cli.md documents every registered subcommand and every option of each. */
class CliDocsTest {

    /** Subcommands documented by name only (their own help is generated, or they have subcommands). */
    private static final Set<String> NAME_ONLY = Set.of("help", "generate-completion", "aptos");

    @Test
    void everySubcommandAndOptionIsDocumented() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "cli.md"));
        CommandLine cli = HyperperpCli.newCommandLine();
        assertThat(cli.getSubcommands()).hasSizeGreaterThan(15);
        for (Map.Entry<String, CommandLine> e : cli.getSubcommands().entrySet()) {
            String name = e.getKey();
            assertThat(Pattern.compile("(?m)^#{2,3} `?" + Pattern.quote(name) + "`?\\b").matcher(docs).find())
                    .as("docs/cli.md has a section for '" + name + "'").isTrue();
            assertThat(docs).as("docs/cli.md table lists " + name).contains("| `" + name + "`");
            if (NAME_ONLY.contains(name)) {
                continue;
            }
            for (OptionSpec option : e.getValue().getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                assertThat(docs).as("docs/cli.md mentions " + name + " " + option.longestName())
                        .contains(option.longestName());
            }
        }
    }

    @Test
    void exitCodesAreDocumented() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "cli.md"));
        for (int code = 0; code <= 4; code++) {
            assertThat(docs).contains("| `" + code + "` |");
        }
    }
}
