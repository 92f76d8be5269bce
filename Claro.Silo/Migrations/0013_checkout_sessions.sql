-- The checkout-session grain's state, in a table of Claro's rather than Orleans grain storage, so
-- that a transition commits in one transaction with the rows it writes: the order row (its sales
-- and audit rows) and the webhook delivery's inbox row. A paid checkout then costs three durable
-- commits (this one, the library's, the cart's) instead of six. The grain is the row's only
-- writer; the version guards against a second activation as Orleans' ETag would.
CREATE TABLE checkout_sessions
(
    checkout_key text        NOT NULL PRIMARY KEY, -- the grain key, {buyerId}/{checkoutId}
    state        bytea       NOT NULL,             -- CheckoutSessionState, Orleans binary serialization (fields by [Id])
    version      integer     NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
