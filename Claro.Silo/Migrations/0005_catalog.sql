-- The catalog read model: one row per product, written by the product grain on every change
-- (an upsert guarded by the grain's version) and read by the discovery grains. The counters
-- (sales, revenue, trending, ratings) belong to fulfilment and reviews: the product's upsert never
-- writes them.

-- array_to_string is only STABLE, so a generated column cannot call it; for text[] it is immutable.
CREATE FUNCTION catalog_tags_text(tags text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(array_to_string(tags, ' '), '');

CREATE TABLE catalog
(
    product_id     text             NOT NULL PRIMARY KEY,
    tenant_id      text             NOT NULL,
    tenant_slug    text             NOT NULL,
    slug           text             NOT NULL,
    title          text             NOT NULL,
    description    text             NOT NULL,
    category       text             NOT NULL,
    tags           text[]           NOT NULL,
    price_amount   bigint           NOT NULL,
    currency       text             NOT NULL,
    visibility     text             NOT NULL,
    -- False while a tenant is suspended: its products leave discovery without touching each row's grain.
    tenant_active  boolean          NOT NULL DEFAULT true,
    created_at     timestamptz      NOT NULL,
    updated_at     timestamptz      NOT NULL,
    version        bigint           NOT NULL,
    sales_count    bigint           NOT NULL DEFAULT 0,
    revenue        bigint           NOT NULL DEFAULT 0,
    trending_score double precision NOT NULL DEFAULT 0,
    rating_sum     bigint           NOT NULL DEFAULT 0,
    rating_count   bigint           NOT NULL DEFAULT 0,
    -- Stored so the rating sort has an index and its cursor compares the exact value it was given.
    rating_avg     double precision GENERATED ALWAYS AS
        (CASE WHEN rating_count = 0 THEN 0 ELSE rating_sum::double precision / rating_count END) STORED,
    search         tsvector         GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A') ||
        setweight(to_tsvector('english'::regconfig, catalog_tags_text(tags)), 'B') ||
        setweight(to_tsvector('english'::regconfig, description), 'C')) STORED
);

CREATE INDEX catalog_search ON catalog USING gin (search);
CREATE INDEX catalog_tags ON catalog USING gin (tags);

-- Global discovery reads public products of active tenants only: partial indexes, one per keyset
-- order, so a first page or a page deep by cursor is an index range scan, not a sort.
CREATE INDEX catalog_public_newest ON catalog (created_at DESC, product_id DESC)
    WHERE visibility = 'public' AND tenant_active;
CREATE INDEX catalog_public_price ON catalog (price_amount, product_id)
    WHERE visibility = 'public' AND tenant_active;
CREATE INDEX catalog_public_trending ON catalog (trending_score DESC, product_id DESC)
    WHERE visibility = 'public' AND tenant_active;
CREATE INDEX catalog_public_bestseller ON catalog (sales_count DESC, product_id DESC)
    WHERE visibility = 'public' AND tenant_active;
CREATE INDEX catalog_public_rating ON catalog (rating_avg DESC, product_id DESC)
    WHERE visibility = 'public' AND tenant_active;
CREATE INDEX catalog_public_category_newest ON catalog (category, created_at DESC, product_id DESC)
    WHERE visibility = 'public' AND tenant_active;
CREATE INDEX catalog_public_category_price ON catalog (category, price_amount, product_id)
    WHERE visibility = 'public' AND tenant_active;
CREATE INDEX catalog_public_creator_newest ON catalog (tenant_slug, created_at DESC, product_id DESC)
    WHERE visibility = 'public' AND tenant_active;

-- A storefront lists its own public and private products; a tenant's rows are few enough to sort.
CREATE INDEX catalog_tenant_newest ON catalog (tenant_id, created_at DESC, product_id DESC);

-- Public products per category, kept in the same transaction as each catalog write, so
-- GET /api/categories reads ten rows instead of counting a million. A row counts while it is
-- listed (public, tenant active); the trigger adds and takes away as rows enter, leave or move.
CREATE TABLE catalog_category_counts
(
    category        text   NOT NULL PRIMARY KEY,
    public_products bigint NOT NULL DEFAULT 0
);

CREATE FUNCTION catalog_count_categories() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    left_category    text;
    entered_category text;
    change           record;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.visibility = 'public' AND OLD.tenant_active THEN
        left_category := OLD.category;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.visibility = 'public' AND NEW.tenant_active THEN
        entered_category := NEW.category;
    END IF;
    -- In category order, so two writes moving products between the same categories cannot deadlock.
    FOR change IN
        SELECT category, sum(delta) AS delta
          FROM (VALUES (left_category, -1), (entered_category, 1)) AS moves (category, delta)
         WHERE category IS NOT NULL
         GROUP BY category
        HAVING sum(delta) <> 0
         ORDER BY category
    LOOP
        INSERT INTO catalog_category_counts AS counts (category, public_products)
        VALUES (change.category, change.delta)
        ON CONFLICT (category) DO UPDATE SET public_products = counts.public_products + EXCLUDED.public_products;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER catalog_category_counts
    AFTER INSERT OR DELETE OR UPDATE OF visibility, tenant_active, category ON catalog
    FOR EACH ROW EXECUTE FUNCTION catalog_count_categories();
