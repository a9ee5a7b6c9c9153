package io.hyperperp.aptos.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.sim.NodeSimulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AptosStartupChecksTest {

    private static AptosStartupChecks.Report check(SinkFixture f, AptosSettings s) {
        return new AptosStartupChecks(f.client, s).check();
    }

    @Test
    void aCorrectDeploymentPassesEveryCheck() {
        try (SinkFixture f = new SinkFixture(NodeSimulator.builder().start(), BatchLayout.BATCH)) {
            AptosStartupChecks.Report r = new AptosStartupChecks(f.client, f.settings).verify();
            assertThat(r.ok()).isTrue();
            assertThat(r.findings()).extracting(AptosStartupChecks.Finding::name)
                    .containsExactly("node", "chain_id", "admin_account", "module", "gas");
            assertThat(r.toText()).contains("ok   chain_id: 4").contains("apply_batch_v(&signer, vector<address>")
                    .contains("authentication key matches");
        }
        NodeSimulator sim = NodeSimulator.builder().batchFunctionDeployed(false).start();
        try (SinkFixture f = new SinkFixture(sim, BatchLayout.PER_FILL)) {
            assertThat(check(f, f.settings).ok()).as(check(f, f.settings).toText()).isTrue();
        }
    }

    @Test
    void eachFailureHasAClearMessage() {
        try (SinkFixture f = new SinkFixture(NodeSimulator.builder().start(), BatchLayout.BATCH)) {
            AptosSettings s = f.settings;
            assertThat(failure(f, new AptosSettings(s.nodeUrl(), null, s.adminKey(), s.contract(), 1, s.module(),
                    s.function(), s.layout(), null, s.maxGas(), 0, 60, 8, null, false)))
                    .isEqualTo("chain_id: node is on chain 4 but HYPERPERP_APTOS__CHAIN_ID is 1");
            Ed25519PrivateKey stranger = Ed25519PrivateKey.generate();
            assertThat(failure(f, AptosSettings.of(s.nodeUrl(), stranger, s.contract(), 4, BatchLayout.BATCH)))
                    .contains("admin_account").contains("does not exist");
            AccountAddress other = f.sim.createAccount(Ed25519PrivateKey.generate().publicKey());
            assertThat(failure(f, s.withAdminAddress(other))).contains("does not control admin account " + other);
            assertThat(failure(f, AptosSettings.of(s.nodeUrl(), s.adminKey(), AccountAddress.parse("0xbad"), 4,
                    BatchLayout.BATCH))).contains("module").contains("is not published");
            assertThat(failure(f, s.withCall("perp_engine", "apply_batch", BatchLayout.BATCH)))
                    .contains("is not an entry function");
            assertThat(failure(f, s.withCall("perp_engine", "apply_batch_simple", BatchLayout.BATCH)))
                    .contains("has parameters (&signer, address, address").contains("layout batch needs");
            assertThat(failure(f, s.withCall("perp_engine", "settle_all", BatchLayout.BATCH)))
                    .contains("settle_all does not exist");
        }
        NodeSimulator sim = NodeSimulator.builder().batchFunctionDeployed(false).start();
        try (SinkFixture f = new SinkFixture(sim, BatchLayout.BATCH)) {
            assertThat(failure(f, f.settings)).contains("apply_batch_v does not exist")
                    .contains("LAYOUT=per-fill");
            assertThatThrownBy(() -> new AptosStartupChecks(f.client, f.settings).verify())
                    .isInstanceOf(AptosStartupChecks.StartupCheckException.class)
                    .hasMessageStartingWith("aptos start-up check module failed: ");
        }
    }

    @Test
    void anUnreachableNodeFailsTheNodeCheck() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        AptosSettings s = AptosSettings.of("http://127.0.0.1:1/v1", key, AccountAddress.parse("0xcafe"), 4,
                BatchLayout.BATCH);
        try (AptosClient client = AptosClient.builder(s.nodeUrl()).connectTimeout(Duration.ofSeconds(1)).build()) {
            AptosStartupChecks.Report r = new AptosStartupChecks(client, s).check();
            assertThat(r.ok()).isFalse();
            assertThat(r.firstFailure().orElseThrow().detail()).startsWith("cannot reach http://127.0.0.1:1/v1");
        }
    }

    @Test
    void openRunsTheChecksAndRefusesABadDeployment() throws Exception {
        NodeSimulator sim = NodeSimulator.builder().batchFunctionDeployed(false).start();
        try (SinkFixture f = new SinkFixture(sim, BatchLayout.BATCH)) {
            assertThatThrownBy(() -> AptosSettlementSink.open(f.settings))
                    .isInstanceOf(AptosStartupChecks.StartupCheckException.class);
            AptosSettings perFill = f.settings.withCall("perp_engine", "apply_batch_simple", BatchLayout.PER_FILL);
            try (AptosSettlementSink sink = AptosSettlementSink.open(perFill)) {
                assertThat(sink.maxFillsPerBatch()).isEqualTo(1);
                assertThat(SinkFixture.await(sink.settle(SinkFixture.batch(1, SinkFixture.fills(1, 1)),
                        new SinkFixture.Recorder())).kind())
                        .isEqualTo(io.hyperperp.core.settlement.SettlementOutcome.Kind.CONFIRMED);
            }
        }
    }

    private static String failure(SinkFixture f, AptosSettings s) {
        AptosStartupChecks.Finding finding = check(f, s).firstFailure().orElseThrow(
                () -> new AssertionError("expected a failure for " + s));
        return finding.name() + ": " + finding.detail();
    }
}
