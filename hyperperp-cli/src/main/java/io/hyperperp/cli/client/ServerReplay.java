package io.hyperperp.cli.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.cli.CliException;
import io.hyperperp.cli.LineReader;
import io.hyperperp.cli.Progress;
import io.hyperperp.cli.Utf8Lines;
import io.hyperperp.server.json.CommandJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a command log to a running server, one REST request per line, in order on one keep-alive
 * connection: {@code place} → POST /v1/orders, {@code cancel} → DELETE /v1/orders/{id}, {@code amend} →
 * PATCH /v1/orders/{id}, {@code cancel_all} → DELETE /v1/orders. Commands naming a client order id are
 * resolved to the server's order id (remembered from earlier placements, else looked up among the
 * user's open orders). {@code update_mark_price} and the account ops ({@code deposit}, {@code withdraw},
 * {@code set_leverage}, {@code apply_funding}) are not sent and are counted as skipped.
 */
public final class ServerReplay {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ApiClient api;
    private final Path commands;
    private final double rate;
    private final boolean strict;
    private final PrintWriter err;
    private final boolean progress;
    private final Map<String, String> byClientId = new HashMap<>();

    private long sent;
    private long ok;
    private long rejected;
    private long skipped;
    private long parseErrors;
    private long fills;
    private final Map<String, Long> errorsByCode = new TreeMap<>();

    /** A replay of {@code commands} to {@code api} at {@code rate} commands/s (0 = as fast as answers come). */
    public ServerReplay(ApiClient api, Path commands, double rate, boolean strict, PrintWriter err, boolean progress) {
        this.api = api;
        this.commands = commands;
        this.rate = rate;
        this.strict = strict;
        this.err = err;
        this.progress = progress;
    }

    /** Runs the replay and returns the summary (JSON). */
    public ObjectNode run() {
        if (!Files.isRegularFile(commands)) {
            throw new CliException("commands file not found: " + commands);
        }
        long total = Progress.countLines(commands);
        Progress bar = new Progress(err, total, progress);
        long lines = 0;
        long start = System.nanoTime();
        // As in the local replay, a line holding bytes that are not UTF-8 is refused on its own and the rest is
        // sent (a strict decoder ended the whole run with the decoder's "Input length = 1").
        try (LineReader in = LineReader.utf8(Files.newInputStream(commands), CommandJson.MAX_LINE_LENGTH)) {
            String line;
            long lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!in.tooLong() && line.isBlank()) {
                    continue;
                }
                if (rate > 0) {
                    long due = start + (long) (lines * 1e9 / rate);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                lines++;
                if (in.tooLong()) {
                    // The local replay's limit and words (CommandJson), so that both modes refuse a line the same way.
                    parseError(lineNumber, "INVALID_JSON", LineReader.tooLongReason(CommandJson.MAX_LINE_LENGTH));
                } else if (Utf8Lines.isBroken(line)) {
                    parseError(lineNumber, "INVALID_JSON", Utf8Lines.NOT_UTF8);
                } else {
                    one(lineNumber, line);
                }
                bar.update(lines, rejected + parseErrors);
            }
        } catch (IOException e) {
            throw new CliException("cannot read commands file " + commands + ": " + e.getMessage(), e);
        } finally {
            bar.finish();
        }
        long elapsed = System.nanoTime() - start;
        ObjectNode s = ApiClient.MAPPER.createObjectNode();
        s.put("server", api.base().toString());
        s.put("commands", lines);
        s.put("sent", sent);
        s.put("ok", ok);
        s.put("rejected", rejected);
        ObjectNode codes = s.putObject("errors_by_code");
        errorsByCode.forEach(codes::put);
        s.put("parse_errors", parseErrors);
        s.put("skipped", skipped);
        s.put("fills", fills);
        s.put("elapsed_ms", elapsed / 1_000_000);
        s.put("throughput", elapsed == 0 ? 0 : Math.round(sent * 1e9 / elapsed));
        return s;
    }

    private void one(long lineNumber, String line) {
        JsonNode node;
        try {
            node = STRICT.readTree(line);
        } catch (IOException e) {
            parseError(lineNumber, "INVALID_JSON", "malformed JSON: " + CommandJson.firstLine(e.getMessage()));
            return;
        }
        if (node == null || !node.isObject() || !node.path("op").isTextual()) {
            parseError(lineNumber, node != null && node.isObject() ? "MISSING_FIELD op" : "INVALID_JSON",
                    "expected a JSON object with op");
            return;
        }
        ObjectNode cmd = (ObjectNode) node;
        String op = cmd.get("op").asText();
        String user = cmd.path("user_address").asText(null);
        ApiClient.Reply r;
        switch (op) {
            case "place" -> {
                ObjectNode body = cmd.deepCopy();
                body.remove("op");
                body.remove("timestamp");
                r = send(lineNumber, "POST", "/v1/orders", body.toString());
                if (r != null && r.ok()) {
                    fills += r.json().path("fills").size();
                    if (body.hasNonNull("client_order_id")) {
                        byClientId.put(user + "/" + body.get("client_order_id").asText(), r.json().path("order_id").asText());
                    }
                }
            }
            case "cancel" -> {
                String id = orderId(lineNumber, cmd, user);
                if (id != null) {
                    send(lineNumber, "DELETE", "/v1/orders/" + id + ApiClient.query("user_address", user), null);
                }
            }
            case "amend" -> {
                String id = orderId(lineNumber, cmd, user);
                if (id != null) {
                    ObjectNode body = ApiClient.MAPPER.createObjectNode();
                    for (String f : new String[] {"price", "size", "trigger_price"}) {
                        if (cmd.hasNonNull(f)) {
                            body.set(f, cmd.get(f));
                        }
                    }
                    if (user != null) {
                        body.put("user_address", user);
                    }
                    r = send(lineNumber, "PATCH", "/v1/orders/" + id, body.toString());
                    if (r != null && r.ok()) {
                        fills += r.json().path("fills").size();
                    }
                }
            }
            case "cancel_all" -> send(lineNumber, "DELETE", "/v1/orders" + ApiClient.query("user_address", user,
                    "market_id", cmd.hasNonNull("market_id") ? cmd.get("market_id").asText() : null), null);
            // only the order commands are sent (the mark and the account ops have routes, but replay does not call
            // them; the server keeps its own clock): counted, not sent
            case "update_mark_price", "advance_time", "deposit", "withdraw", "set_leverage", "apply_funding" ->
                    skipped++;
            default -> parseError(lineNumber, "UNKNOWN_OP", "unknown op " + op);
        }
    }

    private String orderId(long lineNumber, ObjectNode cmd, String user) {
        if (cmd.hasNonNull("order_id")) {
            String id = cmd.get("order_id").asText();
            if (id.matches("[A-Za-z0-9-]{1,64}")) {
                return id;
            }
            parseError(lineNumber, "INVALID_FIELD order_id", "not an order id");
            return null;
        }
        if (!cmd.hasNonNull("client_order_id") || user == null) {
            parseError(lineNumber, "MISSING_FIELD order_id", "needs order_id, or client_order_id and user_address");
            return null;
        }
        String coid = cmd.get("client_order_id").asText();
        String known = byClientId.get(user + "/" + coid);
        if (known != null) {
            return known;
        }
        try {
            return CancelCommand.findByClientOrderId(api, user, coid);
        } catch (ClientException e) {
            if (e.exitCode() == ExitCodes.UNAVAILABLE) {
                throw e;
            }
            reject(lineNumber, e.code() == null ? "ERROR" : e.code(), e.getMessage());
            return null;
        }
    }

    private ApiClient.Reply send(long lineNumber, String method, String path, String body) {
        sent++;
        ApiClient.Reply r = api.send(method, path, body, true);
        if (r.ok()) {
            ok++;
            return r;
        }
        if (r.status() == 503) {
            throw ApiClient.failure(r, true);
        }
        reject(lineNumber, r.errorCode() == null ? "HTTP_" + r.status() : r.errorCode(), ApiClient.describe(r));
        return r;
    }

    private void reject(long lineNumber, String code, String message) {
        rejected++;
        errorsByCode.merge(code, 1L, Long::sum);
        if (!progress) {
            err.println("line " + lineNumber + ": " + message);
        }
    }

    private void parseError(long lineNumber, String code, String message) {
        String text = "line " + lineNumber + ": " + code + ": " + message;
        if (strict) {
            throw new CliException(text);
        }
        parseErrors++;
        errorsByCode.merge(code.split(" ")[0], 1L, Long::sum);
        err.println(text);
    }
}
