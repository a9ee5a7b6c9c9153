package io.hyperperp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code serve --in-memory} with Aptos settings started, answered {@code "chain":"local"} and settled every fill on
 * its local ledger: the operator's chain settings were ignored without a word. It now refuses to start.
 */
class ServeInMemoryChainTest {

    @Test
    void inMemoryWithAnAptosNodeRefusesToStart() {
        CliRun r = CliRun.of("serve", "--in-memory", "--port", "0",
                "--set", "aptos.node_url=http://127.0.0.1:1/v1",
                "--set", "aptos.admin_private_key=9bf49a6a0755f953811fce125f2683d50429c3bb49e074147e0089a52eae155f",
                "--set", "aptos.contract_address=0xc0ffee", "--set", "aptos.chain_id=4");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--in-memory settles nothing on chain").contains("aptos.node_url")
                .doesNotContain("9bf49a6a0755");
    }
}
