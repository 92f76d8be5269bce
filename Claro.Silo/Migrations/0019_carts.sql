-- Carts in tables of Claro's rather than Orleans grain storage, so that the checkout session takes
-- a paid checkout's lines out of the cart in the transaction of its write-ahead: a paid checkout
-- then costs one durable commit for all it writes. The Cart grain writes one line at a time and
-- reads its rows again when the session tells it lines were taken out.
CREATE TABLE carts
(
    buyer_id  text   NOT NULL,
    tenant_id text   NOT NULL,
    -- Counts line changes. A checkout remembers the revision it was opened at, and its payment
    -- takes out only lines set no later than that: what the buyer chose since stays.
    revision  bigint NOT NULL,
    PRIMARY KEY (buyer_id, tenant_id)
);

CREATE TABLE cart_lines
(
    buyer_id   text    NOT NULL,
    tenant_id  text    NOT NULL,
    product_id text    NOT NULL,
    quantity   integer NOT NULL CHECK (quantity > 0),
    revision   bigint  NOT NULL, -- the cart's revision when this line was last set
    added      bigint  NOT NULL, -- the cart's revision when this line was put in: lines show in this order
    PRIMARY KEY (buyer_id, tenant_id, product_id),
    FOREIGN KEY (buyer_id, tenant_id) REFERENCES carts
);
