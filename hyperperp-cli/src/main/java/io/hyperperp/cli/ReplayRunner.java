package io.hyperperp.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EngineEventHandler;
import io.hyperperp.core.event.EventHasher;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.server.json.BookJson;
import io.hyperperp.server.json.CommandJson;
import io.hyperperp.server.json.EventJson;
import io.hyperperp.server.json.ParseError;
import io.hyperperp.server.json.ParseErrorCode;
import io.hyperperp.server.json.ParseResult;
import io.hyperperp.server.json.ParsedCommand;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a command log through an in-process {@link MatchingEngine}: parses each line with
 * {@link CommandJson}, feeds the engine, counts, hashes the event stream and writes the optional
 * outputs. Malformed lines are reported on {@code err} as {@code line N: reason} and skipped (or,
 * with {@code strict}, end the run with a {@link CliException}).
 */
public final class ReplayRunner {

    private final ReplayOptions options;
    private final PrintWriter err;
    private final boolean progress;
    private final int maxLineChars;

    /** A runner for the given files; diagnostics go to {@code err}, without a progress bar. */
    public ReplayRunner(ReplayOptions options, PrintWriter err) {
        this(options, err, false);
    }

    /** A runner for the given files; diagnostics and, when {@code progress}, a progress bar go to {@code err}. */
    public ReplayRunner(ReplayOptions options, PrintWriter err, boolean progress) {
        this(options, err, progress, CommandJson.MAX_LINE_LENGTH);
    }

    /** As above, refusing lines longer than {@code maxLineChars} (tests set it low). */
    ReplayRunner(ReplayOptions options, PrintWriter err, boolean progress, int maxLineChars) {
        this.options = options;
        this.err = err;
        this.progress = progress;
        this.maxLineChars = maxLineChars;
    }

    /** Runs the replay. */
    public ReplaySummary run() {
        MarketRegistry configured = InputFiles.markets(options.markets());
        MarketRegistry markets = options.margin() == null ? configured : configured.withMargin(options.margin());
        CommandJson parser = new CommandJson(markets);
        EventJson eventJson = new EventJson(markets);
        ReplayStats stats = new ReplayStats();
        EventHasher hasher = new EventHasher();
        boolean record = options.eventsOut() != null || options.tradesOut() != null;
        EventRecorder recorder = new EventRecorder();
        List<EngineEventHandler> handlers = new ArrayList<>(List.of(stats, hasher));
        if (record) {
            handlers.add(recorder);
        }
        MatchingEngine engine = new MatchingEngine(markets, new FanOutHandler(handlers));
        JsonFactory factory = new JsonFactory();
        long commands = 0;
        boolean countable = progress && Files.isRegularFile(options.commands());
        Progress bar = new Progress(err, countable ? Progress.countLines(options.commands()) : 0, countable);
        try (LineReader in = InputFiles.openCommandLines(options.commands(), "commands file", maxLineChars);
             BufferedWriter eventsOut = InputFiles.create(options.eventsOut(), "events file");
             BufferedWriter tradesOut = InputFiles.create(options.tradesOut(), "trades file");
             JsonGenerator events = generator(factory, eventsOut);
             JsonGenerator trades = generator(factory, tradesOut)) {
            long lineNumber = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!in.tooLong() && line.isBlank()) {
                    continue;
                }
                commands++;
                ParseResult result = in.tooLong() ? tooLong()
                        : Utf8Lines.isBroken(line)
                        ? new ParseError(null, ParseErrorCode.INVALID_JSON, Utf8Lines.NOT_UTF8) : parser.parse(line);
                if (result instanceof ParseError error) {
                    String message = "line " + lineNumber + ": " + error.describe();
                    if (options.strict()) {
                        throw new CliException(message);
                    }
                    err.println(message);
                    stats.parseError(error.code().name());
                    bar.update(commands, stats.parseErrors());
                    continue;
                }
                try {
                    engine.process(((ParsedCommand) result).command());
                } catch (RuntimeException e) {
                    throw new CliException("line " + lineNumber + ": engine failed: " + e, e);
                }
                if (record) {
                    write(recorder.events(), eventJson, events, trades);
                    recorder.events().clear();
                }
                bar.update(commands, stats.parseErrors());
            }
            bar.update(commands, stats.parseErrors());
            bar.finish();
        } catch (IOException e) {
            throw new CliException("I/O error: " + InputFiles.reason(e), e);
        } finally {
            err.flush();
        }
        if (options.bookOut() != null) {
            writeBooks(engine, markets);
        }
        long rejected = stats.engineRejects() + stats.parseErrors();
        Map<Long, String> traded = new TreeMap<>();
        stats.tradedSizeByMarket().forEach((id, size) ->
                traded.put(id, formatTotal(size, spec(engine, id).sizeDecimals())));
        return new ReplaySummary(commands, commands - rejected, rejected, stats.rejectsByReason(),
                stats.parseErrors(), stats.fills(), traded, stats.events(), stats.lastSequence(),
                hasher.hexDigest());
    }

    private ParseError tooLong() {
        return new ParseError(null, ParseErrorCode.INVALID_JSON, LineReader.tooLongReason(maxLineChars));
    }

    /** A total in the same form as {@link Decimals#format}, also beyond 64 bits. */
    static String formatTotal(BigInteger scaled, int scale) {
        if (scaled.bitLength() < 64) {
            return Decimals.format(scaled.longValueExact(), scale);
        }
        BigDecimal value = new BigDecimal(scaled, scale).stripTrailingZeros();
        return value.setScale(Math.max(scale == 0 ? 0 : 1, value.scale())).toPlainString();
    }

    private static MarketSpec spec(MatchingEngine engine, long id) {
        return engine.spec(id).orElseGet(() -> MarketSpec.defaults(id));
    }

    private static JsonGenerator generator(JsonFactory factory, Writer out) throws IOException {
        if (out == null) {
            return null;
        }
        JsonGenerator g = factory.createGenerator(out);
        g.setRootValueSeparator(null);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return g;
    }

    private static void write(List<EngineEvent> recorded, EventJson json, JsonGenerator events, JsonGenerator trades)
            throws IOException {
        for (EngineEvent event : recorded) {
            if (events != null) {
                json.write(event, events);
                events.writeRaw('\n');
            }
            if (trades != null && event instanceof EngineEvent.Fill fill) {
                json.writeTrade(fill, trades);
                trades.writeRaw('\n');
            }
        }
    }

    private void writeBooks(MatchingEngine engine, MarketRegistry markets) {
        BookJson books = new BookJson(markets);
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedWriter out = InputFiles.create(options.bookOut(), "book file");
             JsonGenerator g = mapper.getFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartArray();
            for (long id : engine.openedMarkets()) {
                books.write(engine.depth(id, Integer.MAX_VALUE), g);
            }
            g.writeEndArray();
            g.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new CliException("cannot write book file " + options.bookOut() + ": " + InputFiles.reason(e), e);
        } catch (UncheckedIOException e) {
            throw new CliException("cannot write book file " + options.bookOut() + ": " + e.getMessage(), e);
        }
    }
}
