-- The command log's synchronous commit made cheaper for PostgreSQL (docs/benchmarks.md, "Session 20: PostgreSQL,
-- the log commit").
--
-- 1. Lines written from now on are JSON arrays of the values only ([command_number, first_sequence, last_sequence,
--    op, ts, user, ...the command's fields in a fixed order], LogLine in hyperperp-jdbc), about 170 characters for a
--    single order against 310 for the JSON objects before, which named every field. Rows written before stay as
--    they are: a group's lines are all objects or all arrays, and the view below reads both, giving both the same
--    payload (an array line's values under the names the object lines carry, in the same order).
-- 2. A row up to about 8 KB stays in its heap page (toast_tuple_target; the storage stays EXTERNAL, uncompressed):
--    with the default target of about 2 KB every group of more than a handful of commands went out of line at
--    commit, in 2 KB chunks, each with its index entry and WAL record.
-- 3. The range CHECK constraint goes: PostgreSQL read it back from the catalog text at every insert. The writer
--    never writes an empty or reversed group, and start-up's command-log check (CommandLogCheck) refuses a log
--    with one, in the scan it already makes for gaps.

ALTER TABLE command_groups DROP CONSTRAINT command_groups_range_check;

ALTER TABLE command_groups SET (toast_tuple_target = 8160);

COMMENT ON COLUMN command_groups.commands IS
    'one line per command in order: since V18 [command_number, first_sequence, last_sequence, op, ts, user, fields...]'
    ' (command_log_payload names the fields), before it {"command_number":n,"first_sequence":s|null,'
    '"last_sequence":s|null,"command":{payload}}';

-- The payload of an array line, as the object lines hold it: the same keys in the same order. A SQL function of one
-- expression, which PostgreSQL inlines into the view (no call per line).
CREATE FUNCTION command_log_payload(line jsonb) RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT CASE line->>3
    WHEN 'place' THEN CASE WHEN jsonb_array_length(line) > 16
        THEN json_build_object('op', line->3, 'ts', line->4, 'user', line->5, 'market', line->6, 'side', line->7,
            'type', line->8, 'trigger', line->16, 'trigger_by', line->17, 'price', line->10, 'size', line->11,
            'cid', line->12, 'reduce_only', line->13, 'stp', line->14, 'expires_at', line->15, 'oco', line->18)
        ELSE json_build_object('op', line->3, 'ts', line->4, 'user', line->5, 'market', line->6, 'side', line->7,
            'type', line->8, 'tif', line->9, 'price', line->10, 'size', line->11, 'cid', line->12,
            'reduce_only', line->13, 'stp', line->14, 'expires_at', line->15) END
    WHEN 'cancel' THEN json_build_object('op', line->3, 'ts', line->4, 'user', line->5, 'market', line->6,
        'order_id', line->7, 'cid', line->8)
    WHEN 'cancel_all' THEN json_build_object('op', line->3, 'ts', line->4, 'user', line->5, 'market', line->6)
    WHEN 'amend' THEN CASE WHEN jsonb_array_length(line) > 11
        THEN json_build_object('op', line->3, 'ts', line->4, 'user', line->5, 'market', line->6,
            'order_id', line->7, 'cid', line->8, 'new_trigger', line->11, 'new_price', line->9,
            'new_size', line->10)
        ELSE json_build_object('op', line->3, 'ts', line->4, 'user', line->5, 'market', line->6,
            'order_id', line->7, 'cid', line->8, 'new_price', line->9, 'new_size', line->10) END
    WHEN 'update_mark_price' THEN json_build_object('op', line->3, 'ts', line->4, 'user', line->5,
        'market', line->6, 'price', line->7, 'index', line->8)
    WHEN 'deposit' THEN json_build_object('op', line->3, 'ts', line->4, 'user', line->5, 'amount', line->6,
        'deposit_id', line->7)
    WHEN 'withdraw' THEN json_build_object('op', line->3, 'ts', line->4, 'user', line->5, 'amount', line->6)
    WHEN 'set_leverage' THEN json_build_object('op', line->3, 'ts', line->4, 'user', line->5, 'market', line->6,
        'leverage', line->7)
    WHEN 'apply_funding' THEN json_build_object('op', line->3, 'ts', line->4, 'user', line->5, 'market', line->6,
        'rate', line->7)
    ELSE json_build_object('op', line->3, 'ts', line->4, 'user', line->5)
END
$$;

COMMENT ON FUNCTION command_log_payload(jsonb) IS
    'the payload of a command_groups line written as an array (V18), with the field names of the object lines';

-- The same columns as before (V5), each line parsed once (OFFSET 0 keeps the planner from copying the parse into
-- every column), and the group's bounds added at the end: CommandLog reads whole groups through them.
CREATE OR REPLACE VIEW command_log AS
SELECT CASE WHEN c.line IS NULL THEN (c.packed->>0)::bigint ELSE (c.line->>'command_number')::bigint END
           AS command_number,
       CASE WHEN c.line IS NULL THEN (c.packed->>4)::bigint ELSE (c.line->'command'->>'ts')::bigint END
           AS timestamp_us,
       CASE WHEN c.line IS NULL THEN (c.packed->>1)::bigint ELSE (c.line->>'first_sequence')::bigint END
           AS first_sequence,
       CASE WHEN c.line IS NULL THEN (c.packed->>2)::bigint ELSE (c.line->>'last_sequence')::bigint END
           AS last_sequence,
       g.received_at,
       CASE WHEN c.line IS NULL THEN command_log_payload(c.packed) ELSE c.line->'command' END AS payload,
       g.first_command_number AS group_first_command_number,
       g.last_command_number AS group_last_command_number
FROM command_groups g
CROSS JOIN LATERAL (SELECT CASE WHEN left(l, 1) = '{' THEN l::json END AS line,
                           CASE WHEN left(l, 1) = '{' THEN NULL ELSE l::jsonb END AS packed
                    FROM string_to_table(g.commands, E'\n') AS l OFFSET 0) c;

COMMENT ON VIEW command_log IS 'command_groups unpacked: one row per command (command_number, timestamp_us,'
    ' first/last event sequence, received_at, payload as JSON with named fields whichever way the line was written,'
    ' and the bounds of the group it was committed in)';
