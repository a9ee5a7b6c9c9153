-- The command log becomes one row per committed group instead of one row per command. A row per
-- command cost a heap tuple, a primary-key entry and a WAL record each, about a quarter of the
-- group commit's time; a group's commands now go in as one text value (JSON Lines, in processing
-- order), which PostgreSQL compresses and stores out of line.
--
-- The view command_log keeps the old shape (one row per command) for audit queries and replay.
-- Needs PostgreSQL 14 or later (string_to_table).

CREATE TABLE command_groups (
    first_command_number bigint      PRIMARY KEY,
    last_command_number  bigint      NOT NULL,
    received_at          timestamptz NOT NULL DEFAULT now(),
    commands             text        NOT NULL,
    CONSTRAINT command_groups_range_check
        CHECK (first_command_number >= 1 AND last_command_number >= first_command_number)
);

ALTER TABLE command_groups ALTER COLUMN commands SET STORAGE EXTERNAL;

COMMENT ON TABLE command_groups IS 'engine input commands in processing order, one row per group committed together';
COMMENT ON COLUMN command_groups.commands IS
    'JSON Lines, one per command in order: {"command_number":n,"first_sequence":s|null,"last_sequence":s|null,"command":{payload}}';

INSERT INTO command_groups (first_command_number, last_command_number, received_at, commands)
SELECT command_number, command_number, received_at,
       json_build_object('command_number', command_number, 'first_sequence', first_sequence,
                         'last_sequence', last_sequence, 'command', payload)::text
FROM command_log;

DROP TABLE command_log;

CREATE VIEW command_log AS
SELECT (c.line->>'command_number')::bigint AS command_number,
       (c.line->'command'->>'ts')::bigint  AS timestamp_us,
       (c.line->>'first_sequence')::bigint AS first_sequence,
       (c.line->>'last_sequence')::bigint  AS last_sequence,
       g.received_at,
       c.line->'command'                   AS payload
FROM command_groups g
CROSS JOIN LATERAL (SELECT l::json AS line FROM string_to_table(g.commands, E'\n') AS l) c;

COMMENT ON VIEW command_log IS 'command_groups unpacked: one row per command (command_number, timestamp_us, first/last event sequence, payload)';
