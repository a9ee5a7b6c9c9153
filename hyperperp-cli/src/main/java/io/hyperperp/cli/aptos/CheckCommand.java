package io.hyperperp.cli.aptos;

import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.settlement.AptosSettings;
import io.hyperperp.aptos.settlement.AptosStartupChecks;
import io.hyperperp.cli.CliException;
import io.hyperperp.cli.CommonOptions;
import io.hyperperp.cli.HasCommonOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hyperperp aptos check}: the sink's start-up checks against the configured node. */
@Command(name = "check", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Run the settlement start-up checks against the node configured by HYPERPERP_APTOS__* "
                + "(chain id, admin account and key, contract entry function and its parameters, gas) and print "
                + "what was found.", "Exit code 1 if a check fails."})
final class CheckCommand implements Callable<Integer>, HasCommonOptions {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() {
        AptosSettings settings;
        try {
            settings = AptosSettings.fromEnv(AptosCommand.environment.get());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("settings: " + settings);
        AptosStartupChecks.Report report;
        try (AptosClient client = settings.clientBuilder().connectTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(20)).build()) {
            report = new AptosStartupChecks(client, settings).check();
        }
        out.println(report.toText());
        out.flush();
        report.firstFailure().ifPresent(f -> {
            throw new CliException("aptos check " + f.name() + " failed: " + f.detail());
        });
        return 0;
    }
}
