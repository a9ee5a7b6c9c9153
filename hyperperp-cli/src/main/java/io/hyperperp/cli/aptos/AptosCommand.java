package io.hyperperp.cli.aptos;

import io.hyperperp.cli.VersionProvider;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hyperperp aptos}: key address, offline transaction encoding and start-up checks. */
@Command(name = "aptos",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "Aptos settlement tools: key address, batch transaction encoding, node checks.",
        subcommands = {AddressCommand.class, EncodeBatchCommand.class, CheckCommand.class})
public final class AptosCommand implements Callable<Integer> {

    /** Where the subcommands read HYPERPERP_APTOS__* settings; tests replace it. */
    static volatile Supplier<Map<String, String>> environment = System::getenv;

    @Spec
    CommandSpec spec;

    /** Without a subcommand: usage on stderr, exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
