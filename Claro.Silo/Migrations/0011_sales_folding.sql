-- Fulfilment records each sale here, in the order row's transaction and only when that row is new,
-- instead of updating the product's catalog row there and then: a catalog row is wide (a stored
-- tsvector and 13 indexes), so updating it cost ~0.6 ms on a million-row catalog against ~0.03 ms
-- for a narrow insert, on every checkout. SalesFolder adds the pending sales to the catalog rows
-- twice a second, one UPDATE per product however many sales it had.
CREATE TABLE catalog_sales_pending (
    order_id   text             NOT NULL,
    product_id text             NOT NULL,
    quantity   bigint           NOT NULL,
    amount     bigint           NOT NULL,
    -- catalog_trending_add(0, quantity, paid_at): the sale's own term of the trending score.
    trending   double precision NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

-- Two trending scores in log space (see catalog_trending_add) added up: ln(e^a + e^b), 0 meaning none.
CREATE FUNCTION catalog_trending_merge(a double precision, b double precision)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN a = 0 THEN b
                WHEN b = 0 THEN a
                ELSE greatest(a, b) + ln(1 + exp(least(a, b) - greatest(a, b))) END;
