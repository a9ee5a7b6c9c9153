-- The command log in a compact binary form. A group's commands go into command_groups.packed as CommandCodec
-- entries (about 60 bytes a single order against about 310 of JSON): the group commit no longer builds JSON and
-- PostgreSQL stores and logs a third of the bytes. Groups written before keep their JSON Lines in commands; exactly
-- one of the two columns is set. CommandLog (replay, recovery tooling, the HA follower) decodes packed groups in
-- Java; the command_log view decodes them here, for audit queries, with the same JSON payload fields as before.

ALTER TABLE command_groups ALTER COLUMN commands DROP NOT NULL;
ALTER TABLE command_groups ADD COLUMN packed bytea;
ALTER TABLE command_groups ALTER COLUMN packed SET STORAGE EXTERNAL;
ALTER TABLE command_groups ADD CONSTRAINT command_groups_one_form_check CHECK ((commands IS NULL) <> (packed IS NULL));

COMMENT ON COLUMN command_groups.packed IS
    'the group''s commands in CommandCodec''s binary form (V15 on): per command its first event sequence (-1: none),'
    ' the span to its last, the command''s tag and fields as zig-zag varints and length-prefixed UTF-8';

-- A zig-zag varint at byte pos (0-based); pos moves past it.
CREATE FUNCTION command_log_varlong(packed bytea, INOUT pos integer, OUT value bigint)
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    b integer;
    v numeric := 0;
    m numeric := 1;
BEGIN
    LOOP
        b := get_byte(packed, pos);
        pos := pos + 1;
        v := v + (b & 127) * m;
        EXIT WHEN b < 128;
        m := m * 128;
    END LOOP;
    IF mod(v, 2) = 0 THEN
        value := div(v, 2);
    ELSE
        value := -div(v, 2) - 1;
    END IF;
END $$;

-- A string (UTF-8 length + 1, 0 for null) at byte pos; pos moves past it.
CREATE FUNCTION command_log_string(packed bytea, INOUT pos integer, OUT value text)
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    n bigint;
BEGIN
    SELECT v.pos, v.value INTO pos, n FROM command_log_varlong(packed, pos) v;
    IF n = 0 THEN
        value := NULL;
    ELSE
        value := convert_from(substring(packed FROM pos + 1 FOR (n - 1)::integer), 'UTF8');
        pos := pos + n - 1;
    END IF;
END $$;

-- One row per command of a packed group, its payload as the JSON the log held before V15.
CREATE FUNCTION command_log_unpack(first_number bigint, packed bytea)
RETURNS TABLE (command_number bigint, first_sequence bigint, last_sequence bigint, payload json)
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    sides    CONSTANT text[] := ARRAY['buy', 'sell'];
    types    CONSTANT text[] := ARRAY['limit', 'market'];
    tifs     CONSTANT text[] := ARRAY['gtc', 'ioc', 'fok', 'post_only'];
    stps     CONSTANT text[] := ARRAY['none', 'cancel_taker', 'cancel_maker', 'cancel_both'];
    kinds    CONSTANT text[] := ARRAY['stop_', 'take_profit_'];
    triggers CONSTANT text[] := ARRAY['last', 'mark'];
    pos integer := 0;
    tag integer;
    span bigint;
    ts bigint;
    usr text;
    mkt bigint;
    a bigint;
    b bigint;
    c bigint;
    d bigint;
    s1 text;
    s2 text;
    x integer;
    y integer;
    z integer;
    w integer;
    ro boolean;
    st text;
BEGIN
    command_number := first_number - 1;
    WHILE pos < length(packed) LOOP
        command_number := command_number + 1;
        SELECT v.pos, v.value INTO pos, first_sequence FROM command_log_varlong(packed, pos) v;
        SELECT v.pos, v.value INTO pos, span FROM command_log_varlong(packed, pos) v;
        IF first_sequence = -1 THEN
            first_sequence := NULL;
            last_sequence := NULL;
        ELSE
            last_sequence := first_sequence + span;
        END IF;
        tag := get_byte(packed, pos);
        pos := pos + 1;
        SELECT v.pos, v.value INTO pos, ts FROM command_log_varlong(packed, pos) v;
        IF tag = 12 THEN
            payload := json_build_object('op', 'advance_time', 'ts', ts, 'user', '0x0');
            RETURN NEXT;
            CONTINUE;
        END IF;
        SELECT v.pos, v.value INTO pos, usr FROM command_log_string(packed, pos) v;
        IF tag NOT IN (8, 9) THEN
            SELECT v.pos, v.value INTO pos, mkt FROM command_log_varlong(packed, pos) v;
        END IF;
        IF tag = 1 OR tag = 5 THEN                                     -- place, conditional place
            x := get_byte(packed, pos);
            y := get_byte(packed, pos + 1);
            pos := pos + 2;
            IF tag = 5 THEN
                z := get_byte(packed, pos);
                pos := pos + 1;
                SELECT v.pos, v.value INTO pos, d FROM command_log_varlong(packed, pos) v;
                w := get_byte(packed, pos);
                pos := pos + 1;
            ELSE
                z := get_byte(packed, pos);                            -- time in force
                pos := pos + 1;
            END IF;
            SELECT v.pos, v.value INTO pos, a FROM command_log_varlong(packed, pos) v;
            SELECT v.pos, v.value INTO pos, b FROM command_log_varlong(packed, pos) v;
            SELECT v.pos, v.value INTO pos, s1 FROM command_log_string(packed, pos) v;
            ro := get_byte(packed, pos) <> 0;
            st := CASE WHEN get_byte(packed, pos + 1) = 0 THEN NULL ELSE stps[get_byte(packed, pos + 1)] END;
            pos := pos + 2;
            SELECT v.pos, v.value INTO pos, c FROM command_log_varlong(packed, pos) v;
            IF tag = 1 THEN
                payload := json_build_object('op', 'place', 'ts', ts, 'user', usr, 'market', mkt,
                        'side', sides[x + 1], 'type', types[y + 1], 'tif', tifs[z + 1], 'price', a, 'size', b,
                        'cid', s1, 'reduce_only', ro, 'stp', st, 'expires_at', c);
            ELSE
                SELECT v.pos, v.value INTO pos, s2 FROM command_log_string(packed, pos) v;
                payload := json_build_object('op', 'place', 'ts', ts, 'user', usr, 'market', mkt,
                        'side', sides[x + 1], 'type', kinds[y + 1] || types[z + 1], 'trigger', d,
                        'trigger_by', triggers[w + 1], 'price', a, 'size', b, 'cid', s1, 'reduce_only', ro,
                        'stp', st, 'expires_at', c, 'oco', s2);
            END IF;
        ELSIF tag = 2 OR tag = 4 OR tag = 6 THEN                       -- cancel, amend, conditional amend
            SELECT v.pos, v.value INTO pos, a FROM command_log_varlong(packed, pos) v;
            SELECT v.pos, v.value INTO pos, s1 FROM command_log_string(packed, pos) v;
            IF tag = 2 THEN
                payload := json_build_object('op', 'cancel', 'ts', ts, 'user', usr, 'market', mkt,
                        'order_id', a, 'cid', s1);
            ELSE
                IF tag = 6 THEN
                    SELECT v.pos, v.value INTO pos, d FROM command_log_varlong(packed, pos) v;
                END IF;
                SELECT v.pos, v.value INTO pos, b FROM command_log_varlong(packed, pos) v;
                SELECT v.pos, v.value INTO pos, c FROM command_log_varlong(packed, pos) v;
                IF tag = 4 THEN
                    payload := json_build_object('op', 'amend', 'ts', ts, 'user', usr, 'market', mkt,
                            'order_id', a, 'cid', s1, 'new_price', b, 'new_size', c);
                ELSE
                    payload := json_build_object('op', 'amend', 'ts', ts, 'user', usr, 'market', mkt,
                            'order_id', a, 'cid', s1, 'new_trigger', d, 'new_price', b, 'new_size', c);
                END IF;
            END IF;
        ELSIF tag = 3 THEN
            payload := json_build_object('op', 'cancel_all', 'ts', ts, 'user', usr, 'market', mkt);
        ELSIF tag = 7 THEN
            SELECT v.pos, v.value INTO pos, a FROM command_log_varlong(packed, pos) v;
            SELECT v.pos, v.value INTO pos, b FROM command_log_varlong(packed, pos) v;
            payload := json_build_object('op', 'update_mark_price', 'ts', ts, 'user', usr, 'market', mkt,
                    'price', a, 'index', b);
        ELSIF tag = 8 THEN
            SELECT v.pos, v.value INTO pos, a FROM command_log_varlong(packed, pos) v;
            SELECT v.pos, v.value INTO pos, s1 FROM command_log_string(packed, pos) v;
            payload := json_build_object('op', 'deposit', 'ts', ts, 'user', usr, 'amount', a, 'deposit_id', s1);
        ELSIF tag = 9 THEN
            SELECT v.pos, v.value INTO pos, a FROM command_log_varlong(packed, pos) v;
            payload := json_build_object('op', 'withdraw', 'ts', ts, 'user', usr, 'amount', a);
        ELSIF tag = 10 THEN
            SELECT v.pos, v.value INTO pos, a FROM command_log_varlong(packed, pos) v;
            payload := json_build_object('op', 'set_leverage', 'ts', ts, 'user', usr, 'market', mkt, 'leverage', a);
        ELSIF tag = 11 THEN
            SELECT v.pos, v.value INTO pos, a FROM command_log_varlong(packed, pos) v;
            payload := json_build_object('op', 'apply_funding', 'ts', ts, 'user', usr, 'market', mkt, 'rate', a);
        ELSE
            RAISE EXCEPTION 'command_groups.packed of group % holds unknown command tag %', first_number, tag;
        END IF;
        RETURN NEXT;
    END LOOP;
END $$;

CREATE OR REPLACE VIEW command_log AS
SELECT (c.line->>'command_number')::bigint AS command_number,
       (c.line->'command'->>'ts')::bigint  AS timestamp_us,
       (c.line->>'first_sequence')::bigint AS first_sequence,
       (c.line->>'last_sequence')::bigint  AS last_sequence,
       g.received_at,
       c.line->'command'                   AS payload
FROM command_groups g
CROSS JOIN LATERAL (SELECT l::json AS line FROM string_to_table(g.commands, E'\n') AS l) c
UNION ALL
SELECT u.command_number,
       (u.payload->>'ts')::bigint,
       u.first_sequence,
       u.last_sequence,
       g.received_at,
       u.payload
FROM command_groups g
CROSS JOIN LATERAL command_log_unpack(g.first_command_number, g.packed) u;

COMMENT ON VIEW command_log IS 'command_groups unpacked (JSON Lines before V15, packed after): one row per command (command_number, timestamp_us, first/last event sequence, payload)';
