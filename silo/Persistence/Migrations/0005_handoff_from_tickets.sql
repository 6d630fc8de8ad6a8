-- A session no longer keeps its own copy of who answers the conversation (the handoff state it wrote to
-- orleans_storage at every handoff change, a commit each): it derives it on activation from the conversation's
-- latest ticket and keeps it in memory while active. Found with `bench --pg-statements` (docs/performance.md).
--
-- What the session's copy held beyond the ticket's status: whether the waiting user has been told that a person
-- will answer. The ticket holds it now. Tickets waiting when this runs start with false, so their users may be told
-- once more.
ALTER TABLE escalation_tickets ADD COLUMN wait_notice_sent boolean NOT NULL DEFAULT false;

-- The session's lookup on activation: a conversation's tickets, newest first.
CREATE INDEX escalation_tickets_conversation ON escalation_tickets (business_id, platform, user_id, created_at DESC);
