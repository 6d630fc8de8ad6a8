-- The original design's tables. Tenant and product ids are slugs (docs/decisions/0004), every row carries its
-- tenant id, and interactions hold everything a session needs to rebuild itself (docs/decisions/0002).

CREATE TABLE businesses
(
    id               text        NOT NULL PRIMARY KEY,
    name             text        NOT NULL,
    greeting_message text        NOT NULL,
    meta_data        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    version          bigint      NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT businesses_meta_is_object CHECK (jsonb_typeof(meta_data) = 'object')
);

CREATE TABLE products
(
    business_id    text          NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    id             text          NOT NULL,
    name           text          NOT NULL,
    price          numeric(12,2) NOT NULL CHECK (price >= 0),
    stock_quantity integer       NOT NULL CHECK (stock_quantity >= 0),
    updated_at     timestamptz   NOT NULL,
    PRIMARY KEY (business_id, id)
);

CREATE TABLE interactions
(
    id                  uuid             NOT NULL PRIMARY KEY,
    business_id         text             NOT NULL,
    platform            text             NOT NULL,
    user_id             text             NOT NULL,
    session_id          text             NOT NULL,
    platform_message_id text,
    user_message        text             NOT NULL,
    -- The model's raw output: kept as text because an invalid answer (the reason for an escalation) may not be JSON.
    llm_response        text,
    final_response      text             NOT NULL,
    intent              text,
    confidence          double precision,
    product_id          text,
    escalated           boolean          NOT NULL DEFAULT false,
    ticket_id           text,
    model_version       text,
    from_cache          boolean          NOT NULL DEFAULT false,
    processing_ms       integer          NOT NULL DEFAULT 0,
    request_id          text,
    created_at          timestamptz      NOT NULL
);

-- Invariant 5: the same platform message is recorded once, whichever gateway or silo delivered it.
CREATE UNIQUE INDEX interactions_platform_message
    ON interactions (business_id, platform, user_id, platform_message_id)
    WHERE platform_message_id IS NOT NULL;

-- A session rebuilding itself reads the newest rows of one conversation.
CREATE INDEX interactions_conversation ON interactions (business_id, platform, user_id, created_at DESC);

-- Statistics per tenant.
CREATE INDEX interactions_business_time ON interactions (business_id, created_at);
