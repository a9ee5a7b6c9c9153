package io.hyperperp.aptos.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import io.hyperperp.aptos.account.AccountAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node (or whatever answers at its URL) that lies or babbles, over a real socket: every answer the client cannot
 * trust is an {@link ErrorKind#INVALID_RESPONSE}, never another transaction's status, a negative number or an
 * unbounded read.
 */
class HostileNodeTest {

    private static final String OURS = "0x" + "ab".repeat(32);
    private static final String OTHER = "0x" + "cd".repeat(32);

    private final AtomicReference<String> body = new AtomicReference<>("{}");
    private HttpServer server;
    private AptosClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.createContext("/v1/huge", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, endless
            byte[] chunk = ("[" + "0,".repeat(32_767)).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100_000; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client hung up: what the test wants
            }
        });
        server.createContext("/v1/slow", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: a byte every 200 ms, each read well inside the read timeout
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write('[');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up: what the test wants
            }
        });
        server.start();
        client = AptosClient.builder("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                .readTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(60)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private static ErrorKind kind(Throwable t) {
        assertThat(t).isInstanceOf(AptosException.class);
        return ((AptosException) t).kind();
    }

    @Test
    void anotherTransactionAnsweredForOurHashIsNotOurs() {
        // committed, successful, and someone else's: taken as ours, a batch that never settled was confirmed
        body.set("{\"type\":\"user_transaction\",\"hash\":\"" + OTHER + "\",\"version\":\"7\",\"success\":true,"
                + "\"vm_status\":\"Executed successfully\",\"gas_used\":\"5\",\"sender\":\"0x1\",\"payload\":{}}");
        assertThat(kind(catchThrowable(() -> client.transactionByHash(OURS)))).isEqualTo(ErrorKind.INVALID_RESPONSE);
        assertThat(kind(catchThrowable(() -> client.waitByHash(OURS)))).isEqualTo(ErrorKind.INVALID_RESPONSE);
        // a deposit looked up by its hash: another deposit's answer would be credited under this hash too
        assertThat(kind(catchThrowable(() -> client.userTransactionByHash(OURS))))
                .isEqualTo(ErrorKind.INVALID_RESPONSE);
        body.set("{\"type\":\"pending_transaction\",\"hash\":\"" + OTHER + "\"}");
        assertThat(kind(catchThrowable(() -> client.transactionByHash(OURS)))).isEqualTo(ErrorKind.INVALID_RESPONSE);
    }

    @Test
    void ourHashInAnotherCaseOrWithoutItsFieldIsOurs() {
        body.set("{\"type\":\"user_transaction\",\"hash\":\"" + OURS.toUpperCase().replace("0X", "0x")
                + "\",\"version\":\"7\",\"success\":true,\"vm_status\":\"Executed successfully\","
                + "\"sender\":\"0x1\",\"sequence_number\":\"3\"}");
        assertThat(client.transactionByHash(OURS)).isInstanceOf(TransactionStatus.Committed.class);
        body.set("{\"type\":\"pending_transaction\"}");
        assertThat(client.transactionByHash(OURS)).isInstanceOf(TransactionStatus.Pending.class);
    }

    @Test
    void aCommittedAnswerWithoutTheSenderOrSequenceNumberToCompareIsRefused() {
        // the settlement driver compares both with the transaction it submitted: an answer without them proves nothing
        body.set("{\"type\":\"user_transaction\",\"hash\":\"" + OURS + "\",\"version\":\"7\",\"success\":true,"
                + "\"vm_status\":\"Executed successfully\",\"sequence_number\":\"3\"}");
        assertThat(kind(catchThrowable(() -> client.transactionByHash(OURS)))).isEqualTo(ErrorKind.INVALID_RESPONSE);
        body.set("{\"type\":\"user_transaction\",\"hash\":\"" + OURS + "\",\"version\":\"7\",\"success\":true,"
                + "\"vm_status\":\"Executed successfully\",\"sender\":\"0x1\"}");
        assertThat(kind(catchThrowable(() -> client.waitByHash(OURS)))).isEqualTo(ErrorKind.INVALID_RESPONSE);
    }

    @Test
    void negativeOrOutOfRangeNumbersAreRefused() {
        body.set("{\"chain_id\":4,\"ledger_version\":\"-5\",\"ledger_timestamp\":\"1\"}");
        assertThat(kind(catchThrowable(client::ledgerInfo))).isEqualTo(ErrorKind.INVALID_RESPONSE);
        body.set("{\"sequence_number\":\"-1\",\"authentication_key\":\"0x1\"}");
        assertThat(kind(catchThrowable(() -> client.account(AccountAddress.parse("0x1")))))
                .isEqualTo(ErrorKind.INVALID_RESPONSE);
        body.set("{\"sequence_number\":\"18446744073709551615\",\"authentication_key\":\"0x1\"}");
        assertThat(kind(catchThrowable(() -> client.account(AccountAddress.parse("0x1")))))
                .isEqualTo(ErrorKind.INVALID_RESPONSE);
        body.set("{\"sequence_number\":{\"a\":1},\"authentication_key\":\"0x1\"}");
        assertThat(kind(catchThrowable(() -> client.account(AccountAddress.parse("0x1")))))
                .isEqualTo(ErrorKind.INVALID_RESPONSE);
    }

    @Test
    void garbageTruncatedEmptyAndWrongTypesAreInvalidResponses() {
        for (String b : new String[] {"", "garbage", "{\"chain_id\":", "null", "[]", "7", "\"x\"",
                "[".repeat(100_000)}) {
            body.set(b);
            assertThat(kind(catchThrowable(client::ledgerInfo))).as(b.length() > 20 ? "deep" : b)
                    .isEqualTo(ErrorKind.INVALID_RESPONSE);
            assertThat(kind(catchThrowable(() -> client.transactionByHash(OURS)))).as(b.length() > 20 ? "deep" : b)
                    .isEqualTo(ErrorKind.INVALID_RESPONSE);
        }
    }

    /** A committed deposit-looking user transaction at {@code version} with the given hash field ({@code null}: none). */
    private static String userTxn(String version, String hashField) {
        return "{\"type\":\"user_transaction\"," + (hashField == null ? "" : "\"hash\":" + hashField + ",")
                + "\"version\":\"" + version + "\",\"success\":true,\"vm_status\":\"Executed successfully\","
                + "\"sender\":\"0x1\",\"payload\":{\"function\":\"0x2::vault_coin::deposit\"}}";
    }

    /**
     * The deposit observer moves its cursor to the page's highest version plus one, for good: one page naming a
     * version far ahead (2^62) made every later deposit invisible to it. The REST API answers {@code start} and
     * {@code limit} with the versions from {@code start}, one each, in order: anything else is not a page of ours.
     */
    @Test
    void aPageOfTransactionsOutsideTheVersionsAskedForIsRefused() {
        String ok = "\"" + OURS + "\"";
        body.set("[" + userTxn("10", ok) + "," + userTxn("11", "\"" + OTHER + "\"") + "]");
        assertThat(client.transactions(10, 100).nextVersion()).isEqualTo(12);
        for (String page : new String[] {
            "[" + userTxn("4611686018427387904", ok) + "]", // far ahead: the cursor jumped there
            "[" + userTxn("110", ok) + "]", // one past start + limit
            "[" + userTxn("9", ok) + "]", // before start
            "[" + userTxn("9223372036854775807", ok) + "]", // version + 1 overflowed
            "[" + userTxn("12", ok) + "," + userTxn("11", ok) + "]", // going backwards
            "[" + userTxn("11", ok) + "," + userTxn("11", ok) + "]", // the same version twice
            "[{\"type\":\"block_metadata_transaction\"}]", // no version at all
            "{\"a\":" + userTxn("10", ok) + "}", // an object: its values were read as a page
        }) {
            body.set(page);
            assertThat(kind(catchThrowable(() -> client.transactions(10, 100)))).as(page)
                    .isEqualTo(ErrorKind.INVALID_RESPONSE);
        }
        StringBuilder tooMany = new StringBuilder("[");
        for (int v = 10; v < 13; v++) {
            tooMany.append(v > 10 ? "," : "").append(userTxn(Integer.toString(v), ok));
        }
        body.set(tooMany.append("]").toString());
        assertThat(kind(catchThrowable(() -> client.transactions(10, 2)))).as("three answers to a limit of two")
                .isEqualTo(ErrorKind.INVALID_RESPONSE);
    }

    /**
     * The observer credits a deposit under its hash from the page: a user transaction without one, or with one that is
     * not 0x and 64 hex digits (spaces around it, too short), was credited under "" or under a key that a lookup of
     * the real hash does not find (the same deposit credited twice, or every later hashless one taken as done).
     */
    @Test
    void aUserTransactionWithoutAValidHashIsRefusedAndALookupKeepsTheHashAskedFor() {
        for (String hash : new String[] {null, "\"\"", "\"0x12\"", "\" " + OURS + "\"", "7", "\"" + OURS + "00\""}) {
            body.set("[" + userTxn("10", hash) + "]");
            assertThat(kind(catchThrowable(() -> client.transactions(10, 100)))).as(String.valueOf(hash))
                    .isEqualTo(ErrorKind.INVALID_RESPONSE);
        }
        body.set("[" + userTxn("10", "\"" + OURS.toUpperCase().replace("0X", "0x") + "\"") + "]");
        assertThat(client.transactions(10, 100).users().get(0).hash()).isEqualTo(OURS);
        // looked up by hash, an answer without the field is ours: its deposit carries the hash asked for, not ""
        body.set(userTxn("10", null));
        assertThat(client.userTransactionByHash(OURS)).get().extracting(UserTransaction::hash).isEqualTo(OURS);
    }

    /** Held: a body sent a byte at a time is bounded by the call timeout (the whole answer), not by each read's. */
    @Test
    void aSlowBodyEndsAtTheCallTimeout() {
        AptosClient slow = AptosClient.builder("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/slow")
                .readTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(2)).build();
        try {
            long start = System.nanoTime();
            assertThat(kind(catchThrowable(slow::ledgerInfo))).isEqualTo(ErrorKind.TIMEOUT);
            assertThat((System.nanoTime() - start) / 1_000_000L).isBetween(1_500L, 10_000L);
        } finally {
            slow.close();
        }
    }

    @Test
    void anEndlessBodyIsCutOffNotReadIntoMemory() {
        AptosClient huge = AptosClient.builder("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/huge")
                .readTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(120)).build();
        try {
            long before = usedHeap();
            Throwable t = catchThrowable(huge::ledgerInfo);
            assertThat(kind(t)).isEqualTo(ErrorKind.INVALID_RESPONSE);
            assertThat(t).hasMessageContaining("larger than");
            assertThat(usedHeap() - before).isLessThan(256L << 20);
        } finally {
            huge.close();
        }
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
