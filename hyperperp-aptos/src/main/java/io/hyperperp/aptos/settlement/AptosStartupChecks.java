package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AccountInfo;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.client.AptosException;
import io.hyperperp.aptos.client.ErrorKind;
import io.hyperperp.aptos.client.GasEstimate;
import io.hyperperp.aptos.client.LedgerInfo;
import io.hyperperp.aptos.client.ModuleAbi;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.internal.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the sink needs from the node before it may settle, checked at start-up (and by
 * {@code hyperperp aptos check}):
 *
 * <ol>
 *   <li>the node's chain id is the configured one;</li>
 *   <li>the admin account exists and its authentication key is the configured private key's (so
 *       the key may sign for the configured admin address, rotated or not);</li>
 *   <li>the contract module exists and exposes the configured function as an {@code entry}
 *       function with the parameter types the layout sends ({@link #BATCH_PARAMS} or
 *       {@link #SIMPLE_PARAMS}).</li>
 * </ol>
 *
 * <p>{@link #check()} never throws: it returns every finding. {@link #verify()} throws on the
 * first failure with a message that says what to fix.
 */
public final class AptosStartupChecks {

    /** Parameters of {@code apply_batch_v}. */
    public static final List<String> BATCH_PARAMS = List.of("&signer", "vector<address>", "vector<address>",
            "vector<u64>", "vector<u128>", "vector<u64>", "vector<u64>", "vector<u64>", "u64", "u64", "u64", "u64",
            "address");
    /** Parameters of {@code apply_batch_simple}. */
    public static final List<String> SIMPLE_PARAMS = List.of("&signer", "address", "address", "u64", "u128", "u64",
            "u64", "u64", "u64", "u64", "u64", "u64", "address");

    /** A start-up check failed. */
    public static final class StartupCheckException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        /** With the failed check's message. */
        public StartupCheckException(String message) {
            super(message);
        }
    }

    /**
     * One finding.
     *
     * @param name   what was checked: {@code node}, {@code chain_id}, {@code admin_account}, {@code module}, {@code gas}
     * @param ok     whether it passed
     * @param detail what was found (or what is wrong)
     */
    public record Finding(String name, boolean ok, String detail) {
    }

    /**
     * All findings, in check order.
     *
     * @param findings the findings
     */
    public record Report(List<Finding> findings) {
        /** Copies the list. */
        public Report {
            findings = List.copyOf(findings);
        }

        /** True if every check passed. */
        public boolean ok() {
            return findings.stream().allMatch(Finding::ok);
        }

        /** The first failure, if any. */
        public Optional<Finding> firstFailure() {
            return findings.stream().filter(f -> !f.ok()).findFirst();
        }

        /** One line per finding: {@code ok   chain_id: 4} or {@code FAIL module: ...}. */
        public String toText() {
            return findings.stream().map(f -> (f.ok() ? "ok   " : "FAIL ") + f.name() + ": " + f.detail())
                    .collect(Collectors.joining(System.lineSeparator()));
        }
    }

    private final AptosClient client;
    private final AptosSettings settings;

    /** Checks for these settings through this client. */
    public AptosStartupChecks(AptosClient client, AptosSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** The parameter list the configured layout's function must have. */
    public List<String> expectedParams() {
        return settings.layout() == BatchLayout.BATCH ? BATCH_PARAMS : SIMPLE_PARAMS;
    }

    /** Runs every check; a check that cannot run (node unreachable) is a failure with the reason. */
    public Report check() {
        List<Finding> out = new ArrayList<>();
        LedgerInfo ledger;
        try {
            ledger = client.ledgerInfo();
            out.add(new Finding("node", true, settings.nodeUrl() + " ledger version " + ledger.ledgerVersion()
                    + ", ledger time " + ledger.ledgerTimestampSecs() + " s"));
        } catch (AptosException e) {
            out.add(new Finding("node", false, "cannot reach " + settings.nodeUrl() + ": " + e.getMessage()));
            return new Report(out);
        }
        if (ledger.chainId() == settings.chainId()) {
            out.add(new Finding("chain_id", true, Integer.toString(ledger.chainId())));
        } else {
            out.add(new Finding("chain_id", false, "node is on chain " + ledger.chainId() + " but "
                    + AptosSettings.ENV_PREFIX + "CHAIN_ID is " + settings.chainId()));
        }
        out.add(adminAccount());
        out.add(module());
        out.add(gas());
        return new Report(out);
    }

    /** Runs the checks and throws on the first failure. */
    public Report verify() {
        Report report = check();
        Optional<Finding> failure = report.firstFailure();
        if (failure.isPresent()) {
            throw new StartupCheckException("aptos start-up check " + failure.get().name() + " failed: "
                    + failure.get().detail());
        }
        return report;
    }

    private Finding adminAccount() {
        AccountAddress admin = settings.adminAddress();
        String keyAuth = Hex.encodePrefixed(settings.adminKey().publicKey().authenticationKey());
        AccountInfo account;
        try {
            account = client.account(admin);
        } catch (AptosException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return new Finding("admin_account", false, "admin account " + admin + " does not exist on chain "
                        + settings.chainId() + " (fund it first)");
            }
            return new Finding("admin_account", false, "cannot read admin account " + admin + ": " + e.getMessage());
        }
        String chainAuth;
        try {
            chainAuth = AccountAddress.parse(account.authenticationKey()).toLongString();
        } catch (IllegalArgumentException e) {
            chainAuth = account.authenticationKey();
        }
        if (!chainAuth.equalsIgnoreCase(keyAuth)) {
            return new Finding("admin_account", false, "the configured private key (public key "
                    + settings.adminKey().publicKey().toHex() + ") does not control admin account " + admin
                    + ": its authentication key is " + chainAuth + ", the key's is " + keyAuth);
        }
        String note = admin.equals(settings.adminKey().accountAddress()) ? "" : " (rotated key)";
        return new Finding("admin_account", true, admin + " authentication key matches" + note + ", sequence number "
                + account.sequenceNumber());
    }

    private Finding module() {
        String where = settings.contract() + "::" + settings.module();
        ModuleAbi abi;
        try {
            abi = client.moduleAbi(settings.contract(), settings.module());
        } catch (AptosException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return new Finding("module", false, "module " + where + " is not published (check "
                        + AptosSettings.ENV_PREFIX + "CONTRACT_ADDRESS and " + AptosSettings.ENV_PREFIX + "MODULE)");
            }
            return new Finding("module", false, "cannot read module " + where + ": " + e.getMessage());
        }
        String fn = where + "::" + settings.function();
        Optional<ModuleAbi.Function> function = abi.function(settings.function());
        if (function.isEmpty()) {
            String hint = settings.layout() == BatchLayout.BATCH
                    ? " (layout batch needs the apply_batch_v entry function of docs/onchain.md; the deployed package"
                    + " only has apply_batch_simple: use " + AptosSettings.ENV_PREFIX + "LAYOUT=per-fill)"
                    : "";
            return new Finding("module", false, fn + " does not exist" + hint);
        }
        if (!function.get().isEntry()) {
            return new Finding("module", false, fn + " is not an entry function; transactions cannot call it");
        }
        List<String> actual = function.get().params().stream().map(AptosStartupChecks::normalise).toList();
        if (!actual.equals(expectedParams())) {
            return new Finding("module", false, fn + " has parameters (" + String.join(", ", actual) + "); layout "
                    + layoutName() + " needs (" + String.join(", ", expectedParams()) + ")");
        }
        return new Finding("module", true, "entry " + fn + "(" + String.join(", ", actual) + ")");
    }

    private Finding gas() {
        if (settings.gasPrice() > 0) {
            return new Finding("gas", true, "gas unit price " + settings.gasPrice() + " (configured), max gas "
                    + settings.maxGas() + (settings.simulate() ? " (cap; simulated per transaction)" : ""));
        }
        try {
            GasEstimate g = client.estimateGasPrice();
            return new Finding("gas", true, "gas unit price " + g.regular() + " (node estimate), max gas "
                    + settings.maxGas() + (settings.simulate() ? " (cap; simulated per transaction)" : ""));
        } catch (AptosException e) {
            return new Finding("gas", false, "cannot get a gas estimate: " + e.getMessage()
                    + " (or set " + AptosSettings.ENV_PREFIX + "GAS_PRICE)");
        }
    }

    private String layoutName() {
        return settings.layout() == BatchLayout.BATCH ? "batch" : "per-fill";
    }

    /** ABI types without blanks; addresses inside struct types are left as printed. */
    static String normalise(String type) {
        return type.replace(" ", "");
    }
}
