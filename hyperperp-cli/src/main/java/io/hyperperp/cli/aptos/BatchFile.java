package io.hyperperp.cli.aptos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.hyperperp.BatchParams;
import io.hyperperp.aptos.hyperperp.SettlementFill;
import io.hyperperp.cli.CliException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A settlement batch in JSON: {@code {"fills":[{"taker","maker","market_id","size","price_x",
 * "fee_bps","ts"}],"oracle_ts","min_px","max_px","expiry","events_addr"}}. Integers may be JSON
 * numbers or decimal strings over the full range of their Move types: u64 up to 2^64 - 1 (held as
 * the bits of a long), {@code size} a u128. Errors name the field, e.g. {@code fills[2].price_x}.
 *
 * @param fills  the fills
 * @param params the batch arguments
 */
record BatchFile(List<SettlementFill> fills, BatchParams params) {

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger U128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    static BatchFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliException("no such file: " + file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    static BatchFile parse(String text, String source) {
        JsonNode root;
        try {
            // a repeated key (two sizes for one fill) is refused, not settled as whichever came last
            root = new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(text);
        } catch (JsonProcessingException e) {
            throw new CliException(source + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CliException(source + ": expected a JSON object with fills, oracle_ts, min_px, max_px, expiry"
                    + " and events_addr");
        }
        JsonNode fillsNode = root.get("fills");
        if (fillsNode == null || !fillsNode.isArray()) {
            throw new CliException(source + ": fills: expected an array of fills");
        }
        if (fillsNode.isEmpty()) {
            throw new CliException(source + ": fills: the batch has no fills");
        }
        List<SettlementFill> fills = new ArrayList<>(fillsNode.size());
        for (int i = 0; i < fillsNode.size(); i++) {
            JsonNode f = fillsNode.get(i);
            String at = "fills[" + i + "]";
            if (!f.isObject()) {
                throw new CliException(source + ": " + at + ": expected an object");
            }
            fills.add(new SettlementFill(address(f, at + ".taker", "taker", source),
                    address(f, at + ".maker", "maker", source), u64(f, at + ".market_id", "market_id", source),
                    u128(f, at + ".size", "size", source), u64(f, at + ".price_x", "price_x", source),
                    u64(f, at + ".fee_bps", "fee_bps", source), u64(f, at + ".ts", "ts", source)));
        }
        BatchParams params = new BatchParams(u64(root, "oracle_ts", "oracle_ts", source),
                u64(root, "min_px", "min_px", source), u64(root, "max_px", "max_px", source),
                u64(root, "expiry", "expiry", source), address(root, "events_addr", "events_addr", source));
        return new BatchFile(fills, params);
    }

    private static JsonNode field(JsonNode parent, String path, String name, String source) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            throw new CliException(source + ": " + path + " is missing");
        }
        return v;
    }

    private static BigInteger integer(JsonNode parent, String path, String name, String source) {
        JsonNode v = field(parent, path, name, source);
        String text;
        if (v.isIntegralNumber()) {
            text = v.bigIntegerValue().toString();
        } else if (v.isTextual()) {
            text = v.asText().strip();
        } else {
            throw new CliException(source + ": " + path + ": expected a whole number (JSON number or decimal string),"
                    + " got " + v);
        }
        if (!text.matches("[0-9]+")) {
            throw new CliException(source + ": " + path + ": '" + text + "' is not a non-negative whole number");
        }
        return new BigInteger(text);
    }

    private static long u64(JsonNode parent, String path, String name, String source) {
        BigInteger n = integer(parent, path, name, source);
        if (n.compareTo(U64_MAX) > 0) {
            throw new CliException(source + ": " + path + ": " + n + " does not fit in a u64 (at most " + U64_MAX + ")");
        }
        return n.longValue(); // the low 64 bits: 2^63 and above become negative longs
    }

    private static BigInteger u128(JsonNode parent, String path, String name, String source) {
        BigInteger n = integer(parent, path, name, source);
        if (n.compareTo(U128_MAX) > 0) {
            throw new CliException(source + ": " + path + ": " + n + " does not fit in a u128");
        }
        return n;
    }

    private static AccountAddress address(JsonNode parent, String path, String name, String source) {
        JsonNode v = field(parent, path, name, source);
        if (!v.isTextual()) {
            throw new CliException(source + ": " + path + ": expected an address string such as \"0x1\"");
        }
        try {
            return AccountAddress.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new CliException(source + ": " + path + ": " + e.getMessage());
        }
    }
}
