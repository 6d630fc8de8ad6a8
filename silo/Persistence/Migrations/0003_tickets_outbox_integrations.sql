-- Escalation tickets (the original design's escalation_tickets, with what the workflow needs), the notification
-- outbox written in the same transaction as each ticket change, and the tenants' integrations.

CREATE TABLE escalation_tickets
(
    id                   uuid        NOT NULL PRIMARY KEY,
    ticket_id            text        NOT NULL UNIQUE,
    business_id          text        NOT NULL,
    session_id           text        NOT NULL,
    platform             text        NOT NULL,
    user_id              text        NOT NULL,
    escalation_reason    text        NOT NULL,
    detail               text        NOT NULL,
    status               text        NOT NULL CHECK (status IN ('open', 'assigned', 'resolved')),
    priority             text        NOT NULL CHECK (priority IN ('low', 'medium', 'high')),
    assigned_to          text,
    conversation_history jsonb       NOT NULL,
    sla_due_at           timestamptz,
    sla_raised           boolean     NOT NULL DEFAULT false,
    version              bigint      NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    resolved_at          timestamptz
);

-- The agent list: a tenant's tickets by status and priority, newest first.
CREATE INDEX escalation_tickets_listing ON escalation_tickets (business_id, status, priority, created_at DESC);
CREATE INDEX escalation_tickets_recent ON escalation_tickets (created_at DESC);

-- The claim-deadline scan only looks at open tickets not raised yet.
CREATE INDEX escalation_tickets_sla ON escalation_tickets (sla_due_at) WHERE status = 'open' AND NOT sla_raised;

CREATE TABLE notification_outbox
(
    id              uuid        NOT NULL PRIMARY KEY,
    business_id     text        NOT NULL,
    ticket_id       text,
    channel         text        NOT NULL,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'skipped')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    leased_until    timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    completed_at    timestamptz
);

CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_outbox_business ON notification_outbox (business_id, status);

CREATE TABLE business_integrations
(
    business_id text        NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    kind        text        NOT NULL,
    settings    jsonb       NOT NULL,
    secrets     jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (business_id, kind)
);

-- An incoming WhatsApp call names the phone number id; this finds its tenant.
CREATE UNIQUE INDEX business_integrations_whatsapp_number
    ON business_integrations ((settings ->> 'phone_number_id')) WHERE kind = 'whatsapp';
