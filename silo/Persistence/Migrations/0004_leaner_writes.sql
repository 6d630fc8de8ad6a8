-- Cheaper writes on the message path, found with `bench --pg-statements` (docs/performance.md).
--
-- interactions_business_time served no query: statistics and deletes filter on business_id alone, which the
-- conversation index (business_id, platform, user_id, created_at) leads with. It cost an index entry per message.
DROP INDEX IF EXISTS interactions_business_time;

-- A ticket is rewritten while its user keeps writing (new conversation, same status) and the outbox row once
-- claimed and once completed. Room on each page lets PostgreSQL update such rows in place (HOT) instead of adding
-- entries to every index. Applies to pages written from now on.
ALTER TABLE escalation_tickets SET (fillfactor = 80);
ALTER TABLE notification_outbox SET (fillfactor = 80);
