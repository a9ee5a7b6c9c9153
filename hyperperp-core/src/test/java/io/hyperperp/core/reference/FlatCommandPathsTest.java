package io.hyperperp.core.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EventHasher;
import io.hyperperp.core.market.MarketRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every way of feeding the engine flat commands gives the events of {@link MatchingEngine#process(Command)},
 * byte for byte: through an encoded stream read into one reused slot, with user numbers that
 * disagree with the engine's own intake (two numberings on one engine), and into an engine restored
 * from an image (whose users hold other instances of the addresses).
 */
class FlatCommandPathsTest {

    private static final int COMMANDS = 40_000;

    @Test
    void aStreamReadBackGivesEqualRecords() {
        List<Command> commands = DeterminismTest.commands(31, COMMANDS);
        CommandStream stream = CommandStream.of(commands, new CommandIntake());
        FlatCommand slot = new FlatCommand();
        assertThat(stream.size()).isEqualTo(COMMANDS);
        for (int i = 0; i < COMMANDS; i++) {
            stream.read(i, slot);
            assertThat(slot.command()).as("command %d", i).isEqualTo(commands.get(i));
            assertThat(slot.timestamp()).isEqualTo(commands.get(i).timestamp());
        }
    }

    @Test
    void everyFeedingPathGivesTheSameEvents() {
        for (long seed : new long[] {32, 33}) {
            List<Command> commands = DeterminismTest.commands(seed, COMMANDS);
            MarketRegistry markets = RandomCommands.registry(false);
            String records = DeterminismTest.hashOf(commands);

            EventHasher streamed = new EventHasher();
            MatchingEngine fromStream = new MatchingEngine(markets, streamed);
            feed(fromStream, CommandStream.of(commands, new CommandIntake()), 0, COMMANDS);
            assertThat(streamed.hexDigest() + " " + streamed.count()).as("stream, seed " + seed).isEqualTo(records);

            // Another intake that has numbered the users in reverse order of appearance, fed
            // alternately with the engine's own intake: the same numbers name different users.
            CommandIntake reversed = new CommandIntake();
            for (int i = commands.size() - 1; i >= 0; i--) {
                reversed.flatten(commands.get(i));
            }
            EventHasher mixed = new EventHasher();
            MatchingEngine twoNumberings = new MatchingEngine(markets, mixed);
            for (int i = 0; i < COMMANDS; i++) {
                if (i % 2 == 0) {
                    twoNumberings.process(reversed.flatten(commands.get(i)));
                } else {
                    twoNumberings.process(commands.get(i));
                }
            }
            assertThat(mixed.hexDigest() + " " + mixed.count()).as("two numberings, seed " + seed)
                    .isEqualTo(records);

            EventHasher resumed = new EventHasher();
            MatchingEngine first = new MatchingEngine(markets, resumed);
            CommandStream stream = CommandStream.of(commands, new CommandIntake());
            feed(first, stream, 0, COMMANDS / 2);
            MatchingEngine restored = MatchingEngine.restore(markets, resumed, first.image());
            feed(restored, stream, COMMANDS / 2, COMMANDS);
            assertThat(resumed.hexDigest() + " " + resumed.count()).as("restored, seed " + seed).isEqualTo(records);
        }
    }

    private static void feed(MatchingEngine engine, CommandStream stream, int from, int to) {
        FlatCommand slot = new FlatCommand();
        for (int i = from; i < to; i++) {
            stream.read(i, slot);
            engine.process(slot);
        }
    }
}
