package io.hyperperp.core.command;

/**
 * Moves the engine's time forward without any other effect: every good-til-time order (and
 * untriggered stop or take-profit order) whose {@code expires_at} is earlier than the timestamp
 * expires, exactly as before any command. The runtime issues it when something is due and no
 * other command arrives; it is logged and replayed like every command, so expiry stays
 * deterministic.
 *
 * @param timestamp issue time, microseconds
 */
public record AdvanceTime(long timestamp) implements Command {

    /** The address the runtime issues it under (it belongs to no user). */
    public static final String RUNTIME_ADDRESS = "0x0";

    @Override
    public String userAddress() {
        return RUNTIME_ADDRESS;
    }

    @Override
    public String op() {
        return "advance_time";
    }
}
