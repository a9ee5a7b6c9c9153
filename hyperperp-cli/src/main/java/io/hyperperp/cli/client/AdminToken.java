package io.hyperperp.cli.client;

import picocli.CommandLine.Option;

/** The admin token option of the admin commands (deposit, mark-price, funding; withdraw from a system account). */
final class AdminToken {

    @Option(names = "--admin-token", paramLabel = "T", defaultValue = "${env:HYPERPERP_AUTH__ADMIN_TOKEN}",
            description = "The server's admin token (default: $HYPERPERP_AUTH__ADMIN_TOKEN, the variable the server "
                    + "reads it from).")
    String token;
}
