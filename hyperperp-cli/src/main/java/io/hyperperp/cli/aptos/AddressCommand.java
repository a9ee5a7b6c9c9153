package io.hyperperp.cli.aptos;

import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.cli.CommonOptions;
import io.hyperperp.cli.HasCommonOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hyperperp aptos address}: the public key and account address of a private key. */
@Command(name = "address", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Print the public key and the account address (authentication key) of an Ed25519 private key.")
final class AddressCommand implements Callable<Integer>, HasCommonOptions {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    KeyOptions key;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() {
        Ed25519PrivateKey k = key.load(spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        out.println("public_key: " + k.publicKey().toHex());
        out.println("address:    " + k.accountAddress().toLongString());
        out.flush();
        return 0;
    }
}
