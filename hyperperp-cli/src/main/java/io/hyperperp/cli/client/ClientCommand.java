package io.hyperperp.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.cli.CommonOptions;
import io.hyperperp.cli.HasCommonOptions;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Base of the commands that talk to a running server: options, client, output helpers. */
abstract class ClientCommand implements Callable<Integer>, HasCommonOptions {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ClientOptions client;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public final Integer call() throws Exception {
        validate();
        try (ApiClient api = client.open(spec)) {
            int code = run(api);
            out().flush();
            return code;
        }
    }

    /** Option checks that need more than picocli (usage errors). */
    void validate() {
    }

    abstract int run(ApiClient api) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return client.json();
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code explicit}, else the address of the key, else a usage error. */
    String user(String explicit, String option) {
        if (explicit != null) {
            return explicit;
        }
        Ed25519PrivateKey key = client.key();
        if (key != null) {
            return key.accountAddress().toShortString();
        }
        throw usage("Missing required option: '" + option + "' (or --key-file to use the key's address)");
    }

    void printJson(JsonNode node) {
        try {
            out().println(ApiClient.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An id for a URL path: letters, digits and '-' only (UUIDs, batch numbers), a usage error otherwise. */
    String pathId(String id, String label) {
        if (id == null || !id.matches("[A-Za-z0-9-]{1,64}")) {
            throw usage(label + " must be an id like 48595045-0001-8000-8000-000000000001, got '" + id + "'");
        }
        return id;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "-" : v.asText();
    }

    /**
     * A timestamp field (the API's microseconds since the epoch) as UTC RFC 3339 for a table; anything
     * else as it came, so a table never hides what the server said.
     */
    static String time(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            return text(node, field);
        }
        long micros = v.longValue();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L).toString();
    }
}
