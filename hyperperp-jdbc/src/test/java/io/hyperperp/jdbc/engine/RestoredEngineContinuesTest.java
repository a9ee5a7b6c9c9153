package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An engine restored from another's image, mid-stream, must go on exactly like the live one: same
 * events for every later command, same image after each. Margined commands exercise the lazily
 * created system accounts (the insurance fund's unwinding once diverged after a restore).
 */
class RestoredEngineContinuesTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 13, 42})
    void aRestoredEngineEmitsWhatTheLiveOneEmits(long seed) {
        List<Command> commands = new MarginCommandStream(seed, 1_700_000_000_000_000L).take(3_000);
        Replay.Reference live = new Replay.Reference();
        commands.subList(0, 500).forEach(live::process);
        for (int restoreAt = 500; restoreAt < commands.size(); restoreAt += 500) {
            EventRecorder recorder = new EventRecorder();
            MatchingEngine restored = MatchingEngine.restore(TestMarkets.registry(), recorder, live.engine.image());
            for (int i = restoreAt; i < restoreAt + 500; i++) {
                Command command = commands.get(i);
                List<EngineEvent> expected = live.process(command);
                recorder.events().clear();
                restored.process(command);
                assertThat(recorder.events()).as("seed %d, restored at %d, command %d: %s", seed, restoreAt, i, command)
                        .isEqualTo(expected);
            }
            assertThat(restored.image()).as("seed %d, restored at %d", seed, restoreAt).isEqualTo(live.engine.image());
        }
    }
}
