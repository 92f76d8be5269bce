-- Sales counters on the catalog row, written by fulfilment in the same transaction as the order
-- row and only when that row is new, so a redelivered or re-run fulfilment never counts twice.

-- The trending score is ln(Σ quantity · 2^((sold_at − epoch) / 7 days)): recent sales weigh more,
-- and a sale a week older weighs half. Kept in log space from a fixed epoch, so no job ever has
-- to decay every row (all scores age alike, the order stays right) and it cannot overflow.
-- 0 means no sales: every sale after the epoch scores above it.
CREATE FUNCTION catalog_trending_add(score double precision, quantity bigint, sold_at timestamptz)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (SELECT CASE WHEN score = 0 THEN sale
                        ELSE greatest(score, sale) + ln(1 + exp(least(score, sale) - greatest(score, sale))) END
              FROM (SELECT ln(greatest(quantity, 1)::double precision)
                           + extract(epoch FROM sold_at - timestamptz '2026-01-01 00:00:00+00')::double precision
                             / (7 * 86400) * ln(2::double precision)
                           AS sale) AS s);

-- Refunds and disputes find their checkout through the order's payment intent.
CREATE INDEX orders_payment_intent ON orders (payment_intent_id) WHERE payment_intent_id IS NOT NULL;
