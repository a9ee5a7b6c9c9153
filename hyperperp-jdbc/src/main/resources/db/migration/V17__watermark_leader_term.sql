-- The HA fence of the table writer behind the command log (persistence.tables = behind with ha.enabled).
--
-- The leader that takes the lease writes its term to engine_state.leader_term (V10) and, in the same transaction,
-- here. The table writer moves read_model_watermark only WHERE leader_term is its own term: the column is on the
-- row the writer's update locks, so a take-over's fence waits for a writer's transaction in flight (which then
-- commits before the new leader reads the watermark), and a writer's update that waits for the fence's row lock
-- re-checks the column after it and matches nothing. A deposed leader's writer therefore writes no row after the
-- new leader fenced it. (Reading engine_state.leader_term from the writer's update instead would lock that row,
-- which every log commit takes, or, without the lock, could pass on the old term while the fence commits.)

ALTER TABLE read_model_watermark ADD COLUMN leader_term bigint NOT NULL DEFAULT 0;

UPDATE read_model_watermark w SET leader_term = e.leader_term FROM engine_state e WHERE w.id = 1 AND e.id = 1;

COMMENT ON COLUMN read_model_watermark.leader_term IS
    'the leader term the table writer must hold to move this row; written with engine_state.leader_term by a take-over';
