-- What the group commit and the settlement batcher cost PostgreSQL, per order: run with psql against the
-- server's database at the end of a benchmark (docs/benchmarks.md, "Session 7: PostgreSQL").
-- pg_stat_statements is optional (shared_preload_libraries); the rest needs nothing.
\pset footer off
SELECT count(*) AS orders, (SELECT count(*) FROM trades) AS trades,
       (SELECT last_command_number FROM engine_state) AS commands,
       (SELECT count(*) FROM command_groups) AS groups,
       (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits
FROM orders;
-- group sizes (commands per committed group)
SELECT width_bucket(last_command_number - first_command_number + 1, ARRAY[1, 2, 4, 8, 16, 32, 64, 128]) AS bucket,
       min(last_command_number - first_command_number + 1) AS min_size,
       max(last_command_number - first_command_number + 1) AS max_size,
       count(*) AS groups, sum(last_command_number - first_command_number + 1) AS commands
FROM command_groups GROUP BY 1 ORDER BY 1;
SELECT wal_records, wal_fpi, pg_size_pretty(wal_bytes) AS wal, wal_bytes / NULLIF((SELECT count(*) FROM orders), 0) AS wal_bytes_per_order
FROM pg_stat_wal;
SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_newpage_upd,
       (SELECT count(*) FROM pg_index i WHERE i.indrelid = s.relid) AS indexes
FROM pg_stat_user_tables s WHERE n_tup_ins + n_tup_upd > 0 ORDER BY n_tup_ins + n_tup_upd DESC;
SELECT calls, round(total_exec_time::numeric, 0) AS exec_ms, round(total_plan_time::numeric, 0) AS plan_ms, rows,
       wal_records, wal_bytes, left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query
FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25;
-- the tables against shared_buffers: a table that outgrows the buffers makes the backends write evicted pages
-- themselves (pg_stat_io, client backend: writes, extends, evictions; since the last pg_stat_reset_shared('io'))
SELECT current_setting('shared_buffers') AS shared_buffers;
SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) AS total, pg_size_pretty(pg_relation_size(oid)) AS heap
FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
ORDER BY pg_total_relation_size(oid) DESC LIMIT 8;
SELECT backend_type, object, context, reads, writes, extends, evictions, hits
FROM pg_stat_io WHERE COALESCE(reads, 0) + COALESCE(writes, 0) + COALESCE(extends, 0) + COALESCE(evictions, 0) > 0
ORDER BY COALESCE(writes, 0) + COALESCE(extends, 0) DESC LIMIT 12;
-- WAL flushes by process kind (fsyncs of object 'wal'), checkpoints (one inside a run makes each page's first change
-- after it a full-page image: wal_fpi above) and the background writer (maxwritten_clean: rounds it stopped at
-- bgwriter_lru_maxpages); since the last pg_stat_reset_shared('io'), ('checkpointer'), ('bgwriter')
SELECT backend_type, writes, fsyncs FROM pg_stat_io WHERE object = 'wal' AND context = 'normal' AND writes > 0;
SELECT num_timed, num_requested, num_done, buffers_written FROM pg_stat_checkpointer;
SELECT buffers_clean, maxwritten_clean, buffers_alloc FROM pg_stat_bgwriter;
-- the database's locale (a new embedded data directory is C since session 18: text compared by memcmp)
SELECT datcollate, datctype FROM pg_database WHERE datname = current_database();
