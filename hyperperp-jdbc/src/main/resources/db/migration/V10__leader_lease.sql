-- High availability (ha.enabled): several engines share one database, one of them the leader.
--
-- ha_lease is the leader lease: one row, the current term, who holds it and until when. Its times are the
-- database's clock (now()), so instances never compare their own clocks. A follower takes the lease only once
-- it has expired, and every take bumps the term.
--
-- engine_state.leader_term is the fence: the leader that takes the lease writes its term here in the same
-- transaction, and every group commit updates engine_state only WHERE leader_term is still its own term. A
-- deposed leader (paused, cut off, slow) therefore cannot commit anything once a successor took the lease,
-- whatever its own clock says. A single engine without HA leaves it at 0 and does not check it.

CREATE TABLE ha_lease (
    id             integer     PRIMARY KEY,
    term           bigint      NOT NULL DEFAULT 0,
    holder         text        NULL,
    advertised_url text        NULL,
    expires_at     timestamptz NOT NULL DEFAULT '-infinity',
    acquired_at    timestamptz NULL,
    renewed_at     timestamptz NULL,
    CONSTRAINT ha_lease_single_row_check CHECK (id = 1)
);

COMMENT ON TABLE ha_lease IS 'leader lease of the HA instances sharing this database (database clock)';
COMMENT ON COLUMN ha_lease.term IS 'bumped by every take-over; the leader''s commits are fenced by it (engine_state.leader_term)';

INSERT INTO ha_lease (id) VALUES (1);

ALTER TABLE engine_state ADD COLUMN leader_term bigint NOT NULL DEFAULT 0;

COMMENT ON COLUMN engine_state.leader_term IS
    'term of the leader allowed to commit; an HA leader commits only while this is its term';
