-- catalog_trending_add (0007) as one expression instead of a sub-SELECT, so that the planner inlines
-- it into the statement that calls it. As a sub-SELECT, PostgreSQL parsed and planned its body on
-- every execution of the checkout's order statement: ~55 µs of PostgreSQL per paid order, measured
-- with prepared statements in psql (97 µs → 43 µs per call, round trip included). Same values.

-- A sale's own term of the trending score: ln(quantity) plus the weeks since the epoch times ln 2.
CREATE FUNCTION catalog_trending_sale(quantity bigint, sold_at timestamptz)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ln(greatest(quantity, 1)::double precision)
           + extract(epoch FROM sold_at - timestamptz '2026-01-01 00:00:00+00')::double precision
             / (7 * 86400) * ln(2::double precision);

CREATE OR REPLACE FUNCTION catalog_trending_add(score double precision, quantity bigint, sold_at timestamptz)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN score = 0 THEN catalog_trending_sale(quantity, sold_at)
                ELSE greatest(score, catalog_trending_sale(quantity, sold_at))
                     + ln(1 + exp(least(score, catalog_trending_sale(quantity, sold_at))
                                  - greatest(score, catalog_trending_sale(quantity, sold_at))))
           END;
