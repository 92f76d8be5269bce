-- The storefront directory: one row per tenant, written by the tenant grain under its version.
CREATE TABLE storefronts
(
    tenant_id   text        NOT NULL PRIMARY KEY,
    slug        text        NOT NULL UNIQUE,
    name        text        NOT NULL,
    description text        NOT NULL,
    tagline     text        NOT NULL,
    created_at  timestamptz NOT NULL,
    version     bigint      NOT NULL
);

CREATE INDEX storefronts_newest ON storefronts (created_at DESC, tenant_id DESC);
