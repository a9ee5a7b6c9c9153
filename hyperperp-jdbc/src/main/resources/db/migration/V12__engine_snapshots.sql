-- Log retention: engine snapshots at known command numbers, so that command_groups can be pruned.
--
-- A snapshot is the engine's whole state after command last_command_number, in the engine's own snapshot format
-- (EngineSnapshots, "HPS1"), read from the state tables in one repeatable-read transaction. The state tables are
-- themselves always a snapshot at engine_state.last_command_number (a starting instance and an HA follower start
-- from them), so pruning command_groups up to the oldest kept snapshot never removes what recovery or a follower
-- needs; the snapshot rows are what a replay of a pruned log starts from.

CREATE TABLE engine_snapshots (
    last_command_number bigint      PRIMARY KEY,
    taken_at            timestamptz NOT NULL DEFAULT now(),
    format_version      integer     NOT NULL,
    image               bytea       NOT NULL,
    CONSTRAINT engine_snapshots_number_check CHECK (last_command_number >= 0)
);

ALTER TABLE engine_snapshots ALTER COLUMN image SET STORAGE EXTERNAL;

COMMENT ON TABLE engine_snapshots IS 'engine state after a command (EngineSnapshots format); the command log is kept after the oldest';
COMMENT ON COLUMN engine_snapshots.image IS 'EngineSnapshots.write of the image EngineRecovery reads at last_command_number';
