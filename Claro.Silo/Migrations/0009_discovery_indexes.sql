-- Discovery at a million products (bench/Claro.DiscoveryBench).
--
-- A tag filter sorted by price walks the price index in order and keeps the rows carrying the
-- tags; for a tag on 2% of the catalog that is ~50 rows looked at per row shown. With the tags in
-- the index (INCLUDE), the search grain's first step (the page's ids, CatalogSearchGrain) is an
-- index-only scan that checks the tags on the index entries, and only the 25 rows shown are read
-- from the table. Same keys, same predicate, same order as the index it replaces; price_desc reads
-- it backwards.
DROP INDEX catalog_public_price;
CREATE INDEX catalog_public_price ON catalog (price_amount, product_id) INCLUDE (tags)
    WHERE visibility = 'public' AND tenant_active;

-- Trending within a category, as newest and price already have: the first page is the index's
-- first 25 entries, instead of the trending order filtered down to one category in ten.
CREATE INDEX catalog_public_category_trending ON catalog (category, trending_score DESC, product_id DESC)
    WHERE visibility = 'public' AND tenant_active;
