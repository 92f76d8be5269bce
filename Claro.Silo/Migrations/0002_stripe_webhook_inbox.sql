-- Every Stripe event that arrived with a valid signature, once per event id. Stripe retries and
-- duplicates deliveries: the row counts them; applying an event once is the target grain's job.
CREATE TABLE stripe_webhook_inbox
(
    event_id       text        NOT NULL PRIMARY KEY,
    type           text        NOT NULL,
    api_version    text        NULL,
    payload_sha256 bytea       NOT NULL,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    deliveries     integer     NOT NULL DEFAULT 1,
    handled_at     timestamptz NULL
);

CREATE INDEX stripe_webhook_inbox_type_first_seen ON stripe_webhook_inbox (type, first_seen_at);
