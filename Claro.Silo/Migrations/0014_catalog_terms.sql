-- One-word searches by relevance, answered in rank order instead of ranking every match.
--
-- A search for a frequent word by relevance (bench/Claro.DiscoveryBench, query (a)) built a GIN
-- bitmap of every product carrying the word (45,335 for "forest" in a million), read the ones
-- left after the other filters and ranked them all before the first 25 were known: 30-90 ms of
-- CPU per query. catalog_terms holds, for every listed product (public, tenant active) and every
-- lexeme of its search vector, the rank ts_rank_cd gives that product for a query of that one
-- lexeme, with the columns a search filters on. Its index is in the relevance order itself, so a
-- one-word search reads the first entries of one lexeme that pass the category and price filters
-- on the index (an index-only scan) and stops: the same rows, in the same order, as ranking every
-- match (CatalogSearchGrain; a test holds the two equal). Searches of several words, with tags, on
-- a storefront or by another sort stay on catalog_search.
--
-- The price: one row per (product, lexeme), ~28 per seeded product, about twice the catalog's own
-- size on disk; kept by the triggers below in the transaction of each catalog write.

-- A tsquery of exactly one lexeme, as the lexeme's single-word search parses to (quoted, so the
-- lexeme is not parsed again).
CREATE FUNCTION catalog_lexeme_query(lexeme text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN ('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''')::tsquery;

-- A search vector's entries: each lexeme with the rank its one-word search gives the vector.
CREATE FUNCTION catalog_terms_of(search tsvector) RETURNS TABLE (lexeme text, rank real)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
$$
SELECT l.lexeme, ts_rank_cd(search, catalog_lexeme_query(l.lexeme))
  FROM unnest(tsvector_to_array(search)) AS l (lexeme)
$$;

CREATE TABLE catalog_terms
(
    lexeme       text   NOT NULL,
    rank         real   NOT NULL,
    product_id   text   NOT NULL,
    category     text   NOT NULL,
    price_amount bigint NOT NULL
);

CREATE FUNCTION catalog_index_terms() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    -- A row's entries are found by their full key: the rank is recomputed from the old vector.
    IF TG_OP <> 'INSERT' AND OLD.visibility = 'public' AND OLD.tenant_active THEN
        DELETE FROM catalog_terms AS t
         USING catalog_terms_of(OLD.search) AS old_term
         WHERE t.lexeme = old_term.lexeme AND t.rank = old_term.rank AND t.product_id = OLD.product_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.visibility = 'public' AND NEW.tenant_active THEN
        INSERT INTO catalog_terms (lexeme, rank, product_id, category, price_amount)
        SELECT term.lexeme, term.rank, NEW.product_id, NEW.category, NEW.price_amount
          FROM catalog_terms_of(NEW.search) AS term;
    END IF;
    RETURN NULL;
END
$$;

-- Writes arriving while the existing rows are copied wait, so none is missed.
LOCK TABLE catalog IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO catalog_terms (lexeme, rank, product_id, category, price_amount)
SELECT term.lexeme, term.rank, c.product_id, c.category, c.price_amount
  FROM catalog AS c, catalog_terms_of(c.search) AS term
 WHERE c.visibility = 'public' AND c.tenant_active;

-- Relevance order within a lexeme; category and price ride along so filtering needs no heap.
CREATE INDEX catalog_terms_rank ON catalog_terms (lexeme, rank DESC, product_id DESC) INCLUDE (category, price_amount);

CREATE TRIGGER catalog_terms_rows
    AFTER INSERT OR DELETE ON catalog
    FOR EACH ROW EXECUTE FUNCTION catalog_index_terms();

-- Sales and ratings are folded into catalog rows all day; only what a term entry holds re-indexes.
CREATE TRIGGER catalog_terms_changes
    AFTER UPDATE ON catalog
    FOR EACH ROW
    WHEN (OLD.search IS DISTINCT FROM NEW.search OR OLD.category <> NEW.category OR OLD.price_amount <> NEW.price_amount
          OR OLD.visibility <> NEW.visibility OR OLD.tenant_active <> NEW.tenant_active)
    EXECUTE FUNCTION catalog_index_terms();

-- Plans for the first searches need the new table's statistics; autovacuum sets its visibility
-- map (index-only scans) soon after.
ANALYZE catalog_terms;
