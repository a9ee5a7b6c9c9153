package io.hyperperp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every --help ends with an example, and the command list's one-line summaries are whole sentences. */
class HelpTest {

    @Test
    void everyCommandsHelpHasAnExample() {
        List<CommandLine> all = new ArrayList<>();
        collect(HyperperpCli.newCommandLine(), all);
        for (String name : ClientCli.COMMANDS.keySet()) {
            collect(ClientCli.newCommandLine(name), all);
        }
        assertThat(all).hasSizeGreaterThan(20);
        for (CommandLine command : all) {
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(usage).as(command.getCommandSpec().qualifiedName())
                    .containsPattern("Examples?:\\n  hyperperp|Examples?:\\n  HYPERPERP_|Examples?:\\n  source");
        }
    }

    @Test
    void summariesInTheCommandListAreWholeSentences() {
        for (CommandLine sub : HyperperpCli.newCommandLine().getSubcommands().values()) {
            String[] description = sub.getCommandSpec().usageMessage().description();
            if (description.length > 0) {
                assertThat(description[0].strip()).as(sub.getCommandName()).endsWith(".");
            }
        }
    }

    @Test
    void clientCommandLineRunsTheClientCommandsOnly() {
        for (String name : ClientCli.COMMANDS.keySet()) {
            // Only the command being run: picocli reflects over every subcommand it is given.
            assertThat(ClientCli.newCommandLine(name).getSubcommands().keySet()).containsExactly(name);
            assertThat(HyperperpCli.newCommandLine().getSubcommands().get(name).getCommandSpec().userObject())
                    .isInstanceOf(ClientCli.COMMANDS.get(name));
        }
        assertThat(ClientCli.handles(new String[] {"markets", "--json"})).isTrue();
        assertThat(ClientCli.handles(new String[] {"serve"})).isFalse();
        assertThat(ClientCli.handles(new String[] {"--help"})).isFalse();
        assertThat(ClientCli.handles(new String[0])).isFalse();
    }

    private static void collect(CommandLine command, List<CommandLine> out) {
        out.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, out));
    }
}
