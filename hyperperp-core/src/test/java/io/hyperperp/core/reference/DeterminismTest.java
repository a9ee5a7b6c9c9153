package io.hyperperp.core.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.EngineSnapshots;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EventHasher;
import io.hyperperp.core.market.MarketRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Same commands, same events, byte for byte: across runs, across processes, and across a snapshot
 * to bytes and a restore in the middle.
 */
class DeterminismTest {

    private static final int COMMANDS = 60_000;

    static List<Command> commands(long seed, int count) {
        ReferenceModel model = new ReferenceModel(RandomCommands.registry(false));
        RandomCommands generator = new RandomCommands(seed, model);
        List<Command> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Command command = generator.next();
            model.process(command);
            out.add(command);
        }
        return out;
    }

    static String hashOf(List<Command> commands) {
        EventHasher hasher = new EventHasher();
        MatchingEngine engine = new MatchingEngine(RandomCommands.registry(false), hasher);
        commands.forEach(engine::process);
        return hasher.hexDigest() + " " + hasher.count();
    }

    @Test
    void twoRunsGiveTheSameEventHash() {
        List<Command> commands = commands(11, COMMANDS);
        assertThat(hashOf(commands)).isEqualTo(hashOf(commands));
        assertThat(hashOf(commands)).isNotEqualTo(hashOf(commands.subList(0, COMMANDS - 1)));
    }

    @Test
    void snapshotToBytesRestoreAndContinueEqualsNeverStopping() throws Exception {
        for (long seed : new long[] {21, 22, 23}) {
            List<Command> commands = commands(seed, COMMANDS);
            MarketRegistry markets = RandomCommands.registry(false);

            EventHasher straight = new EventHasher();
            MatchingEngine uninterrupted = new MatchingEngine(markets, straight);
            commands.forEach(uninterrupted::process);

            EventHasher resumed = new EventHasher();
            MatchingEngine first = new MatchingEngine(markets, resumed);
            commands.subList(0, COMMANDS / 2).forEach(first::process);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            EngineSnapshots.write(first.image(), bytes);
            EngineImage image = EngineSnapshots.read(new ByteArrayInputStream(bytes.toByteArray()));
            assertThat(image).isEqualTo(first.image());
            MatchingEngine second = MatchingEngine.restore(markets, resumed, image);
            commands.subList(COMMANDS / 2, COMMANDS).forEach(second::process);

            assertThat(resumed.hexDigest()).as("seed " + seed).isEqualTo(straight.hexDigest());
            assertThat(second.image()).as("seed " + seed).isEqualTo(uninterrupted.image());
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            EngineSnapshots.write(second.image(), again);
            ByteArrayOutputStream reference = new ByteArrayOutputStream();
            EngineSnapshots.write(uninterrupted.image(), reference);
            assertThat(again.toByteArray()).as("snapshot bytes, seed " + seed).isEqualTo(reference.toByteArray());
        }
    }

    @Test
    void anotherProcessComputesTheSameHash() throws Exception {
        String here = hashOf(commands(31, 20_000));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HashMain.class.getName(), "31", "20000").redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String there = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as(there).isZero();
        assertThat(there).isEqualTo(here);
    }

    /** Prints the event hash of a seeded command stream; run in a child JVM by the test above. */
    public static final class HashMain {
        public static void main(String[] args) {
            System.out.println(hashOf(commands(Long.parseLong(args[0]), Integer.parseInt(args[1]))));
        }
    }
}
