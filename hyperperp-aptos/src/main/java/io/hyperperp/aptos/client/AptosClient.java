package io.hyperperp.aptos.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.internal.HttpErrors;
import io.hyperperp.aptos.tx.SignedTransaction;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Minimal Aptos fullnode REST client (OkHttp + Jackson) for what settlement needs: ledger info,
 * accounts, gas estimate, module ABI, simulate, submit and transaction lookup.
 *
 * <p>Every failure surfaces as an unchecked {@link AptosException} with an {@link ErrorKind}. The
 * client never retries: a submission that failed with {@link ErrorKind#NETWORK},
 * {@link ErrorKind#TIMEOUT} or {@link ErrorKind#SERVER_ERROR} may still have been accepted, so
 * callers check {@link #transactionByHash(String)} before resubmitting (resending the identical
 * bytes is harmless). Thread-safe.
 */
public final class AptosClient implements AutoCloseable {
    /** Content type of BCS-encoded signed transactions. */
    public static final String BCS_SIGNED_TXN = "application/x.aptos.signed_transaction+bcs";
    private static final MediaType BCS_MEDIA = MediaType.get(BCS_SIGNED_TXN);
    private static final Logger LOG = LoggerFactory.getLogger(AptosClient.class);
    /** Largest answer read: a page of transactions is far smaller. */
    static final long MAX_BODY_BYTES = 32L << 20;

    private final HttpUrl base;
    private final OkHttpClient http;
    private final ObjectMapper json;
    private final String apiKey;
    private final boolean ownsHttp;
    private final TransactionParser parser;

    private AptosClient(Builder b) {
        this.base = HttpUrl.get(b.nodeUrl);
        this.json = new ObjectMapper();
        this.apiKey = b.apiKey;
        this.ownsHttp = b.http == null;
        OkHttpClient.Builder hb = b.http == null ? new OkHttpClient.Builder() : b.http.newBuilder();
        this.http = hb.connectTimeout(b.connectTimeout).readTimeout(b.readTimeout).writeTimeout(b.readTimeout)
                .callTimeout(b.callTimeout).retryOnConnectionFailure(false).build();
        this.parser = new TransactionParser();
    }

    /** Starts a builder for a node URL such as {@code http://127.0.0.1:8080/v1}. */
    public static Builder builder(String nodeUrl) {
        return new Builder(nodeUrl);
    }

    /** {@code GET /}: chain id, ledger version and ledger time. */
    public LedgerInfo ledgerInfo() {
        JsonNode n = getJson("ledger info", base);
        return new LedgerInfo(n.path("chain_id").asInt(), TransactionParser.u64(n, "ledger_version"),
                TransactionParser.u64(n, "ledger_timestamp"));
    }

    /** {@code GET /accounts/{addr}}. */
    public AccountInfo account(AccountAddress address) {
        JsonNode n = getJson("account " + address, url("accounts", address.toLongString()));
        return new AccountInfo(TransactionParser.u64(n, "sequence_number"), n.path("authentication_key").asText());
    }

    /** {@code GET /estimate_gas_price}. */
    public GasEstimate estimateGasPrice() {
        JsonNode n = getJson("gas estimate", url("estimate_gas_price"));
        long regular = TransactionParser.u64(n, "gas_estimate");
        long low = n.hasNonNull("deprioritized_gas_estimate") ? TransactionParser.u64(n, "deprioritized_gas_estimate") : regular;
        long high = n.hasNonNull("prioritized_gas_estimate") ? TransactionParser.u64(n, "prioritized_gas_estimate") : regular;
        return new GasEstimate(low, regular, high);
    }

    /** {@code GET /accounts/{addr}/module/{name}}: the module's exposed functions. */
    public ModuleAbi moduleAbi(AccountAddress address, String module) {
        JsonNode abi = getJson("module " + module, url("accounts", address.toLongString(), "module", module)).path("abi");
        List<ModuleAbi.Function> fns = new ArrayList<>();
        for (JsonNode f : abi.path("exposed_functions")) {
            List<String> params = new ArrayList<>();
            f.path("params").forEach(p -> params.add(p.asText()));
            fns.add(new ModuleAbi.Function(f.path("name").asText(), f.path("is_entry").asBoolean(), params));
        }
        return new ModuleAbi(abi.path("address").asText(), abi.path("name").asText(), fns);
    }

    /**
     * {@code POST /transactions/simulate}. The transaction must carry an all-zero signature
     * ({@link io.hyperperp.aptos.tx.RawTransaction#forSimulation}); nodes refuse valid ones.
     */
    public SimulationResult simulate(SignedTransaction txn) {
        JsonNode n = call("simulate", post(url("transactions", "simulate"), txn.toBcs()), 200);
        JsonNode first = n.isArray() && n.size() > 0 ? n.get(0) : n;
        if (!first.has("success")) {
            throw invalid("simulate", "no 'success' field");
        }
        return new SimulationResult(first.path("success").asBoolean(), first.path("vm_status").asText(""),
                first.hasNonNull("gas_used") ? TransactionParser.u64(first, "gas_used") : 0L);
    }

    /** {@code POST /transactions}: returns the pending transaction on 202 acceptance. */
    public TransactionStatus.Pending submit(SignedTransaction txn) {
        String hash = txn.hash();
        LOG.debug("submitting {} seq {}", hash, txn.raw().sequenceNumber());
        JsonNode n = call("submit " + hash, post(url("transactions"), txn.toBcs()), 202);
        String nodeHash = n.path("hash").asText(hash);
        if (!nodeHash.equalsIgnoreCase(hash)) {
            // our bytes have our hash: it is the one to look the transaction up by, whatever the node says
            LOG.warn("node reported hash {} for locally computed {}", nodeHash, hash);
        }
        return new TransactionStatus.Pending(hash);
    }

    /** {@code GET /transactions/by_hash/{h}}; a 404 is {@link ErrorKind#TRANSACTION_NOT_FOUND}. */
    public TransactionStatus transactionByHash(String hash) {
        return parser.status(getJson("transaction " + hash, url("transactions", "by_hash", hash)), hash);
    }

    /**
     * {@code GET /transactions/by_hash/{h}} with the payload: empty while pending (or for a
     * transaction that is no user transaction); a 404 is {@link ErrorKind#TRANSACTION_NOT_FOUND}.
     */
    public java.util.Optional<UserTransaction> userTransactionByHash(String hash) {
        return java.util.Optional.ofNullable(parser.user(getJson("transaction " + hash,
                url("transactions", "by_hash", hash)), hash));
    }

    /**
     * {@code GET /transactions?start=&limit=}: committed transactions from {@code start}, user ones kept. The API
     * answers with at most {@code limit} transactions, one per version from {@code start} on, in order: a page with
     * anything else (a version before {@code start} or at {@code start + limit} or later, one not above the one before,
     * none at all, more than {@code limit} entries, not an array) is {@link ErrorKind#INVALID_RESPONSE}, so that a node
     * cannot move the deposit observer's cursor past deposits it has not seen.
     */
    public UserTransaction.Page transactions(long start, int limit) {
        HttpUrl u = url("transactions").newBuilder().addQueryParameter("start", Long.toString(start))
                .addQueryParameter("limit", Integer.toString(limit)).build();
        String what = "transactions from " + start;
        JsonNode n = getJson(what, u);
        if (!n.isArray() || n.size() > limit) {
            throw invalid(what, n.isArray() ? n.size() + " transactions for a limit of " + limit : "not an array");
        }
        java.util.List<UserTransaction> users = new java.util.ArrayList<>();
        long next = start;
        for (JsonNode t : n) {
            long version = TransactionParser.u64(t, "version");
            // next - 1 is the version before (start - 1 at first); subtraction keeps start + limit from overflowing
            if (version < next || version - start >= limit) {
                throw invalid(what, "version " + version + " is not in order within [" + start + ", " + start + " + "
                        + limit + ")");
            }
            next = version + 1;
            UserTransaction user = parser.user(t);
            if (user != null) {
                users.add(user);
            }
        }
        return new UserTransaction.Page(users, next);
    }

    /** {@code GET /transactions/wait_by_hash/{h}}: like by_hash, but the node first waits briefly for the commit. */
    public TransactionStatus waitByHash(String hash) {
        return parser.status(getJson("wait for " + hash, url("transactions", "wait_by_hash", hash)), hash);
    }

    /** Releases the connection pool and dispatcher threads if this client created them. */
    @Override
    public void close() {
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    private Request.Builder request(HttpUrl url) {
        Request.Builder b = new Request.Builder().url(url).header("Accept", "application/json");
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    private Request post(HttpUrl url, byte[] body) {
        return request(url).post(RequestBody.create(body, BCS_MEDIA)).build();
    }

    private JsonNode getJson(String what, HttpUrl url) {
        return call(what, request(url).get().build(), 200);
    }

    private JsonNode call(String what, Request request, int expectedStatus) {
        try (Response response = http.newCall(request).execute()) {
            BufferedSource source = response.body().source();
            if (source.request(MAX_BODY_BYTES + 1)) {
                // a node (or what answers at its URL) streaming without end must not fill the heap
                throw invalid(what, "body larger than " + MAX_BODY_BYTES + " bytes");
            }
            String body = source.getBuffer().readUtf8();
            int status = response.code();
            if (status < 200 || status >= 300) {
                AptosException e = HttpErrors.fromResponse(json, what, status, body, response.header("Retry-After"));
                LOG.debug("{} failed: {}", what, e.getMessage());
                throw e;
            }
            if (status != expectedStatus) {
                LOG.debug("{}: expected HTTP {}, got {}", what, expectedStatus, status);
            }
            try {
                return json.readTree(body);
            } catch (IOException e) {
                throw invalid(what, "body is not JSON");
            }
        } catch (IOException e) {
            AptosException ex = HttpErrors.fromIo(what, e);
            LOG.debug("{} failed: {}", what, ex.getMessage());
            throw ex;
        }
    }

    private static AptosException invalid(String what, String why) {
        return new AptosException(ErrorKind.INVALID_RESPONSE, 200, what + ": " + why, null, null, null, null);
    }

    /** Configures an {@link AptosClient}. */
    public static final class Builder {
        private final String nodeUrl;
        private String apiKey;
        private OkHttpClient http;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(15);
        private Duration callTimeout = Duration.ofSeconds(30);

        private Builder(String nodeUrl) {
            this.nodeUrl = Objects.requireNonNull(nodeUrl, "nodeUrl");
        }

        /** API key sent as {@code Authorization: Bearer <key>} (never logged). */
        public Builder apiKey(String value) {
            this.apiKey = value == null || value.isBlank() ? null : value.strip();
            return this;
        }

        /** Connect timeout (default 5 s). */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** Read and write timeout (default 15 s). */
        public Builder readTimeout(Duration value) {
            this.readTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** Whole-call timeout (default 30 s). */
        public Builder callTimeout(Duration value) {
            this.callTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** Shares an existing OkHttp client (its pool and dispatcher); timeouts above still apply. */
        public Builder httpClient(OkHttpClient value) {
            this.http = value;
            return this;
        }

        /** Builds the client. */
        public AptosClient build() {
            return new AptosClient(this);
        }
    }
}
