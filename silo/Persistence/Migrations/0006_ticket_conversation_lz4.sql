-- A ticket's conversation (a few KB of JSON) is rewritten at every change and is big enough to be compressed
-- in the row. PostgreSQL's default method, pglz, was about 4 % of its CPU in the load harness (perf, 90 % repeats;
-- docs/performance.md); lz4 compresses several times faster at a similar size. Applies to values written from now
-- on. A server built without lz4 keeps pglz: nothing else changes.
DO $$
BEGIN
    ALTER TABLE escalation_tickets ALTER COLUMN conversation_history SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not available on this server; ticket conversations stay compressed with pglz';
END
$$;
