-- The buyer library's entitlements, in a table of Claro's rather than Orleans grain storage, so
-- that the checkout-session grain writes them in the transaction that records the paid order (and
-- revokes, suspends and restores them in the transaction that records a refund or a dispute). A
-- paid checkout then costs two durable commits (that one and the cart's) instead of three, and an
-- order is never durable without its buyer's access. The BuyerLibrary grain reads its rows when it
-- activates and re-reads an order's rows when the session tells it they changed.
CREATE TABLE library_entitlements
(
    buyer_id   text        NOT NULL,
    order_id   text        NOT NULL,
    product_id text        NOT NULL,
    tenant_id  text        NOT NULL,
    title      text        NOT NULL,
    quantity   integer     NOT NULL CHECK (quantity > 0),
    granted_at timestamptz NOT NULL,
    state      text        NOT NULL CHECK (state IN ('live', 'suspended', 'revoked')),
    -- Whether the line reserved license keys at checkout: only such lines ever get any.
    keyed      boolean     NOT NULL,
    PRIMARY KEY (buyer_id, order_id, product_id)
);
