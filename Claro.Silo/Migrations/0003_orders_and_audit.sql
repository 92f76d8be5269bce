-- Orders as fulfilment writes them: one row per paid checkout. The unique constraints are a
-- second line of defence behind the checkout-session grain's own exactly-once bookkeeping.
CREATE TABLE orders
(
    order_id          text        NOT NULL PRIMARY KEY,
    checkout_id       text        NOT NULL UNIQUE,
    stripe_session_id text        NOT NULL UNIQUE,
    payment_intent_id text        NULL,
    tenant_id         text        NOT NULL,
    buyer_id          text        NOT NULL,
    currency          text        NOT NULL,
    subtotal          bigint      NOT NULL,
    platform_fee      bigint      NOT NULL,
    lines             jsonb       NOT NULL,
    status            text        NOT NULL,
    paid_at           timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_tenant_paid ON orders (tenant_id, paid_at DESC, order_id DESC);
CREATE INDEX orders_buyer_paid ON orders (buyer_id, paid_at DESC, order_id DESC);

-- What happened to money and access, in order. An event id (Stripe's, or Claro's own for
-- internal steps) appears once per order and kind.
CREATE TABLE audit_events
(
    audit_id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    tenant_id    text        NOT NULL,
    order_id     text        NULL,
    kind         text        NOT NULL,
    source_event text        NOT NULL,
    detail       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    UNIQUE (order_id, kind, source_event)
);

CREATE INDEX audit_events_tenant ON audit_events (tenant_id, audit_id DESC);
CREATE INDEX audit_events_kind ON audit_events (kind, audit_id DESC);
