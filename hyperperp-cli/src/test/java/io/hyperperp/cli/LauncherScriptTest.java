package io.hyperperp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The launcher gives client commands their fast-start JVM options (class-data sharing archive, C1
 * only) by name: its list must be exactly the commands {@link ClientCli} runs, or a new command
 * starts slowly (or a server command would start with client flags).
 */
class LauncherScriptTest {

    @Test
    void theLauncherStartsExactlyTheClientCommandsWithClientOptions() throws Exception {
        String launcher = Files.readString(Path.of("..", "hyperperp"));
        Matcher m = Pattern.compile("(?m)^\\s*([a-z|-]+)\\)\\s*\\n\\s*opts=\\(").matcher(launcher);
        assertThat(m.find()).as("the launcher's case of client commands").isTrue();
        Set<String> named = Arrays.stream(m.group(1).split("\\|")).collect(Collectors.toSet());
        assertThat(named).isEqualTo(ClientCli.COMMANDS.keySet());
    }
}
