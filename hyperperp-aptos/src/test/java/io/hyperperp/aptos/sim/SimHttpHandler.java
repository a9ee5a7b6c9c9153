package io.hyperperp.aptos.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.internal.Hex;
import io.hyperperp.aptos.tx.SignedTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link NodeSimulator}'s REST API: routes each request to the fullnode endpoint it imitates, after the
 * injected latency, the API key check and the injected rate limits and server errors of {@link SimFaults};
 * decodes submitted transactions and answers in the node's JSON shapes ({@link SimJson}) from the
 * {@link SimLedger}. It holds no state of its own: the ledger and the fault switches are the simulator's.
 */
final class SimHttpHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SimHttpHandler.class);
    private static final int MAX_BODY = 1 << 20;

    private final SimLedger ledger;
    private final SimFaults faults;
    private final BatchCall calls;
    private final boolean batchDeployed;
    private final Duration waitTimeout;
    private final String apiKey;

    SimHttpHandler(SimLedger ledger, SimFaults faults, BatchCall calls, boolean batchDeployed, Duration waitTimeout,
            String apiKey) {
        this.ledger = ledger;
        this.faults = faults;
        this.calls = calls;
        this.batchDeployed = batchDeployed;
        this.waitTimeout = waitTimeout;
        this.apiKey = apiKey;
    }

    @Override
    public void handle(HttpExchange ex) {
        try (ex) {
            try {
                route(ex);
            } catch (Exception e) {
                LOG.error("simulator handler failed", e);
                trySend(ex, 500, SimJson.error("internal error: " + e, "internal_error", null));
            }
        }
    }

    private void route(HttpExchange ex) throws IOException, InterruptedException {
        sleep(faults.latency());
        if (apiKey != null && !("Bearer " + apiKey).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, SimJson.error("missing or wrong API key", "web_framework_error", null));
            return;
        }
        int retryAfter = faults.takeRateLimit();
        if (retryAfter >= 0) {
            ex.getResponseHeaders().add("Retry-After", Integer.toString(retryAfter));
            send(ex, 429, SimJson.error("rate limited", "web_framework_error", null));
            return;
        }
        int serverError = faults.takeServerError();
        if (serverError > 0) {
            send(ex, serverError, SimJson.error("injected server error", "internal_error", null));
            return;
        }
        String path = ex.getRequestURI().getPath();
        String[] seg = path.replaceAll("/+$", "").split("/");
        String method = ex.getRequestMethod();
        if (seg.length < 2 || !seg[1].equals("v1")) {
            send(ex, 404, SimJson.error("no route " + path, "web_framework_error", null));
        } else if (seg.length == 2 && method.equals("GET")) {
            send(ex, 200, SimJson.MAPPER.createObjectNode().put("chain_id", ledger.chainId()).put("epoch", "1")
                    .put("ledger_version", Long.toString(ledger.version())).put("oldest_ledger_version", "0")
                    .put("ledger_timestamp", Long.toString(ledger.ledgerMicros())).put("node_role", "full_node"));
        } else if (seg.length == 3 && seg[2].equals("estimate_gas_price") && method.equals("GET")) {
            send(ex, 200, SimJson.MAPPER.createObjectNode().put("deprioritized_gas_estimate", 100)
                    .put("gas_estimate", 100).put("prioritized_gas_estimate", 150));
        } else if (seg.length >= 4 && seg[2].equals("accounts") && method.equals("GET")) {
            account(ex, seg);
        } else if (seg.length == 3 && seg[2].equals("transactions") && method.equals("GET")) {
            list(ex);
        } else if (seg.length == 3 && seg[2].equals("transactions") && method.equals("POST")) {
            submit(ex);
        } else if (seg.length == 4 && seg[2].equals("transactions") && seg[3].equals("simulate") && method.equals("POST")) {
            simulate(ex);
        } else if (seg.length == 5 && seg[2].equals("transactions") && method.equals("GET")
                && (seg[3].equals("by_hash") || seg[3].equals("wait_by_hash"))) {
            lookup(ex, seg[4].toLowerCase(java.util.Locale.ROOT), seg[3].equals("wait_by_hash"));
        } else {
            send(ex, 404, SimJson.error("no route " + method + " " + path, "web_framework_error", null));
        }
    }

    private void account(HttpExchange ex, String[] seg) throws IOException {
        AccountAddress a;
        try {
            a = AccountAddress.parse(seg[3]);
        } catch (IllegalArgumentException e) {
            send(ex, 400, SimJson.error(e.getMessage(), "invalid_input", null));
            return;
        }
        if (seg.length == 4) {
            if (!ledger.hasAccount(a)) {
                send(ex, 404, SimJson.error("Account not found: " + a, "account_not_found", null));
                return;
            }
            long told = Math.max(0, ledger.sequenceNumber(a) + faults.takeSequenceLie());
            send(ex, 200, SimJson.MAPPER.createObjectNode().put("sequence_number", Long.toString(told))
                    .put("authentication_key", Hex.encodePrefixed(ledger.authKey(a))));
        } else if (seg.length == 6 && seg[4].equals("module") && a.equals(calls.contract()) && seg[5].equals(calls.module())) {
            send(ex, 200, SimJson.moduleAbi(calls, batchDeployed));
        } else {
            send(ex, 404, SimJson.error("Module not found", "module_not_found", null));
        }
    }

    private void submit(HttpExchange ex) throws IOException {
        SignedTransaction txn = readTransaction(ex);
        if (txn == null) {
            return;
        }
        if (faults.takeMempoolFull()) {
            send(ex, 507, SimJson.error("Mempool is full (injected)", "mempool_is_full", null));
            return;
        }
        if (faults.takeSequenceTooOld()) {
            send(ex, 400, SimJson.error("Transaction sequence number is too old (injected)", "sequence_number_too_old", 3));
            return;
        }
        String hash = txn.hash();
        SimLedger.Verdict v = ledger.submit(txn, faults.takeDrop(), faults.takeForcedAbort());
        if (!v.isAccepted()) {
            send(ex, v.status(), SimJson.error(v.message(), v.errorCode(), v.vmErrorCode()));
            return;
        }
        SimFaults.LostMode lost = faults.takeLostResponse();
        if (lost == SimFaults.LostMode.HTTP_500) {
            send(ex, 500, SimJson.error("injected: response lost after acceptance", "internal_error", null));
        } else if (lost == SimFaults.LostMode.CLOSE_CONNECTION) {
            ex.sendResponseHeaders(202, 4096);
            try (OutputStream out = ex.getResponseBody()) {
                out.write('{');
            } catch (IOException expected) {
                // closing a short fixed-length body breaks the connection: that is the fault
            }
        } else {
            send(ex, 202, SimJson.pending(txn, hash));
        }
    }

    private void simulate(HttpExchange ex) throws IOException {
        SignedTransaction txn = readTransaction(ex);
        if (txn == null) {
            return;
        }
        if (!txn.hasZeroSignature()) {
            send(ex, 400, SimJson.error("Simulated transactions must not have a valid signature", "invalid_input", null));
            return;
        }
        if (txn.raw().chainId() != ledger.chainId()) {
            send(ex, 400, SimJson.error("Invalid transaction: BAD_CHAIN_ID", "vm_error", 16));
            return;
        }
        PerpEngineModel.Outcome o = ledger.simulate(txn);
        send(ex, 200, SimJson.simulated(txn, o.success(), o.vmStatus()));
    }

    private void list(HttpExchange ex) throws IOException {
        long start = 0;
        int limit = 25;
        String query = ex.getRequestURI().getRawQuery();
        try {
            for (String kv : query == null ? new String[0] : query.split("&")) {
                if (kv.startsWith("start=")) {
                    start = Long.parseLong(kv.substring(6));
                } else if (kv.startsWith("limit=")) {
                    limit = Math.min(100, Integer.parseInt(kv.substring(6)));
                }
            }
        } catch (NumberFormatException e) {
            send(ex, 400, SimJson.error("bad start or limit", "invalid_input", null));
            return;
        }
        com.fasterxml.jackson.databind.node.ArrayNode out = SimJson.MAPPER.createArrayNode();
        for (SimLedger.Committed c : ledger.committedFrom(start, limit)) {
            out.add(SimJson.committed(c));
        }
        send(ex, 200, out);
    }

    private void lookup(HttpExchange ex, String hash, boolean wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + (wait ? waitTimeout.toNanos() : 0);
        while (true) {
            SimLedger.Committed c = ledger.committed(hash);
            if (c != null) {
                send(ex, 200, SimJson.committed(c));
                return;
            }
            SimLedger.Committed latest = ledger.latestCommitted();
            if (latest != null && faults.takeForgedConfirmation()) {
                send(ex, 200, SimJson.committed(latest).put("hash", hash));
                return;
            }
            SignedTransaction p = ledger.pending(hash);
            if (p == null || System.nanoTime() >= deadline) {
                if (p != null) {
                    send(ex, 200, SimJson.pending(p, hash));
                } else {
                    send(ex, 404, SimJson.error("Transaction not found by Transaction hash(" + hash + ")",
                            "transaction_not_found", null));
                }
                return;
            }
            Thread.sleep(5);
        }
    }

    private SignedTransaction readTransaction(HttpExchange ex) throws IOException {
        String type = Objects.requireNonNullElse(ex.getRequestHeaders().getFirst("Content-Type"), "");
        if (!type.startsWith(AptosClient.BCS_SIGNED_TXN)) {
            send(ex, 415, SimJson.error("unsupported content type " + type, "web_framework_error", null));
            return null;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            send(ex, 413, SimJson.error("request body too large", "web_framework_error", null));
            return null;
        }
        try {
            return SignedTransaction.fromBcs(body);
        } catch (IllegalArgumentException | io.hyperperp.aptos.crypto.CryptoException e) {
            send(ex, 400, SimJson.error("Failed to deserialize input into SignedTransaction: " + e.getMessage(),
                    "invalid_input", null));
            return null;
        }
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = SimJson.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void trySend(HttpExchange ex, int status, ObjectNode body) {
        try {
            send(ex, status, body);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not send error response", e);
        }
    }

    private static void sleep(Duration d) throws InterruptedException {
        if (!d.isZero()) {
            Thread.sleep(d.toMillis());
        }
    }
}
