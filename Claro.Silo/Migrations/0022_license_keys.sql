-- A product's license keys, one row each. The stock grain (one per product) is still their only
-- writer, and each write takes a per-product advisory lock (a second activation waits its turn);
-- each now writes the rows it changes, where it rewrote the product's whole stock in Orleans grain storage: every key ever
-- added, up to 50,000, on every reservation, release and assignment. A stock kept that way moves
-- here the first time its grain needs it.
CREATE TABLE license_keys
(
    -- The stock grain's key: {tenantId}/{productId}.
    product_key    text        NOT NULL,
    -- Order of addition: keys are handed out in this order.
    position       integer     NOT NULL,
    value          text        NOT NULL,
    added_at       timestamptz NOT NULL,
    -- The checkout holding the key, until reserved_until; a lapsed hold is free for anyone.
    reserved_by    text,
    reserved_until timestamptz,
    -- The order line that received the key: set once, for good.
    assigned_to    text,
    PRIMARY KEY (product_key, position),
    UNIQUE (product_key, value)
);

CREATE INDEX license_keys_unassigned ON license_keys (product_key, position) WHERE assigned_to IS NULL;
CREATE INDEX license_keys_assigned ON license_keys (product_key, assigned_to) WHERE assigned_to IS NOT NULL;
CREATE INDEX license_keys_reserved ON license_keys (product_key, reserved_by) WHERE reserved_by IS NOT NULL;
