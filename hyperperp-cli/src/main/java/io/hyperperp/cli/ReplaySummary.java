package io.hyperperp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The result of a replay, printed as JSON.
 *
 * @param commands              non-blank lines read
 * @param accepted              commands that ran without a rejection ({@code commands - rejected})
 * @param rejected              lines that did not parse plus commands the engine rejected
 * @param rejectedByReason      counts by engine reject reason or parse error code, sorted
 * @param parseErrors           lines that did not parse
 * @param fills                 trades
 * @param tradedSizeByMarket    traded size per market id, decimal strings, sorted by id
 * @param events                engine events
 * @param lastSequence          sequence number of the last event
 * @param eventHash             hex SHA-256 of the event stream ({@link io.hyperperp.core.event.EventHasher})
 */
public record ReplaySummary(long commands, long accepted, long rejected, Map<String, Long> rejectedByReason,
                            long parseErrors, long fills, Map<Long, String> tradedSizeByMarket, long events,
                            long lastSequence, String eventHash) {

    /** Copies the maps. */
    public ReplaySummary {
        rejectedByReason = Map.copyOf(rejectedByReason);
        tradedSizeByMarket = Map.copyOf(tradedSizeByMarket);
    }

    /**
     * The summary as JSON. {@code traded_size} is a decimal string when at most one market traded
     * ({@code "0.0"} when none did) and an object by market id when several did;
     * {@code traded_size_by_market} is always an object.
     */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("commands", commands);
        root.put("accepted", accepted);
        root.put("rejected", rejected);
        ObjectNode reasons = root.putObject("rejected_by_reason");
        new java.util.TreeMap<>(rejectedByReason).forEach(reasons::put);
        root.put("parse_errors", parseErrors);
        root.put("fills", fills);
        ObjectNode byMarket = mapper.createObjectNode();
        new java.util.TreeMap<>(tradedSizeByMarket).forEach((id, size) -> byMarket.put(Long.toString(id), size));
        if (tradedSizeByMarket.size() > 1) {
            root.set("traded_size", byMarket.deepCopy());
        } else {
            root.put("traded_size", tradedSizeByMarket.isEmpty() ? "0.0" : tradedSizeByMarket.values().iterator().next());
        }
        root.set("traded_size_by_market", byMarket);
        root.put("events", events);
        root.put("last_sequence", lastSequence);
        root.put("event_hash", eventHash);
        return root;
    }
}
