package io.hyperperp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.server.backend.EngineClock;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.json.CommandJson;
import io.hyperperp.server.json.FlatJsonObject;
import io.hyperperp.server.json.ParseError;
import io.hyperperp.server.json.ParseResult;
import io.hyperperp.server.json.ParsedCommand;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Request bodies made into commands, for {@link RouteSupport}: a body read as JSON (an empty or malformed one is a
 * 400 naming what is wrong), the fields the server sets refused in it, then {@code op} and a server timestamp added
 * and the object parsed with {@link CommandJson}; a placement takes the fast paths first. It also keeps the
 * commands' clock, whose timestamps strictly increase.
 */
final class CommandBodies {

    /** Fields of a command body that the server sets. */
    private static final List<String> RESERVED_FIELDS = List.of("op", "timestamp");

    private final CommandJson commandJson;
    private final ObjectMapper mapper = CommandJson.newMapper();
    private final AtomicLong lastMicros = new AtomicLong();
    /** The clock of the commands' timestamps, as the fast path asks it (made once, not per request). */
    private final LongSupplier timestamps = this::nextMicros;

    CommandBodies(MarketRegistry markets) {
        this.commandJson = new CommandJson(markets);
    }

    JsonNode tree(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("INVALID_JSON", "request body is empty", null);
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("INVALID_JSON", "request body is empty", null);
            }
            return node;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException a) {
                throw a;
            }
            throw BodyErrors.malformedJson(e);
        }
    }

    ObjectNode object(byte[] body) {
        JsonNode node = tree(body);
        if (!node.isObject()) {
            throw ApiException.badRequest("INVALID_JSON", "expected a JSON object", null);
        }
        return (ObjectNode) node;
    }

    /** Adds op and a server timestamp, then parses with {@link CommandJson}. */
    Command command(ObjectNode node, String op) {
        for (String reserved : RESERVED_FIELDS) {
            if (node.has(reserved)) {
                throw reservedField(reserved);
            }
        }
        node.put("op", op);
        node.put("timestamp", nextMicros());
        return parsed(commandJson.parse(node));
    }

    /**
     * A placement body as a command: read from its bytes when it is a plain limit or market order, else streamed
     * into a flat object when it is one (an order's fields are all scalars), else through the tree, which words
     * every error as it always has (the first step never answers an error: it leaves the body to the others).
     */
    Command placeCommand(byte[] body) {
        Command plain = commandJson.plainPlacement(body, timestamps);
        if (plain != null) {
            return plain;
        }
        FlatJsonObject flat = FlatJsonObject.parse(mapper.getFactory(), body);
        return flat == null ? command(object(body), "place") : command(flat, "place");
    }

    /** The orders of a batch body when each is a flat object, streamed; null: take the tree path. */
    List<FlatJsonObject> flatBatch(byte[] body) {
        return FlatJsonObject.parseBatch(mapper.getFactory(), body);
    }

    /** {@link #command(ObjectNode, String)} for an object read by the streaming parser. */
    Command command(FlatJsonObject object, String op) {
        for (String reserved : RESERVED_FIELDS) {
            if (object.has(reserved)) {
                throw reservedField(reserved);
            }
        }
        object.append("op", TextNode.valueOf(op));
        object.append("timestamp", LongNode.valueOf(nextMicros()));
        return parsed(commandJson.parse(object));
    }

    private static ApiException reservedField(String field) {
        return ApiException.badRequest("UNKNOWN_FIELD", "field is not accepted (the server sets it)", field);
    }

    private static Command parsed(ParseResult r) {
        if (r instanceof ParseError e) {
            throw ApiException.badRequest(e.code().name(), e.message(), e.field());
        }
        return ((ParsedCommand) r).command();
    }

    /** Microseconds since the epoch, strictly increasing. */
    long nextMicros() {
        long micros = EngineClock.micros();
        return lastMicros.updateAndGet(last -> Math.max(last + 1, micros));
    }
}
