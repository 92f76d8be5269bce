-- catalog_terms read by category: a one-word search in a category reads only that category's
-- entries of the lexeme.
--
-- With category only riding along in the index (0014), a one-word search in a category and a
-- price band walked the lexeme's entries of every category in rank order, testing each, until 25
-- passed: a thousand entries for a typical one, tens of thousands when the band is narrow, the
-- discovery benchmark's slowest 5% (query (a) at 8 clients, 2 cores: SQL p95 12.8-14.9 ms against
-- 6.9-11.7 ms with this index). Category now leads after the lexeme; a search in no category
-- reads the first entries of each category's list and merges them (CatalogSearchGrain), ten
-- short index walks instead of one. The old index goes: one of the two is enough, and each costs
-- about as much disk as the catalog itself.
CREATE INDEX catalog_terms_category_rank ON catalog_terms (lexeme, category, rank DESC, product_id DESC) INCLUDE (price_amount);
DROP INDEX catalog_terms_rank;

-- The same function as 0014, but a row's entries are deleted by the key the index now has,
-- category included; without it each delete would walk every category of each lexeme.
CREATE OR REPLACE FUNCTION catalog_index_terms() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.visibility = 'public' AND OLD.tenant_active THEN
        DELETE FROM catalog_terms AS t
         USING catalog_terms_of(OLD.search) AS old_term
         WHERE t.lexeme = old_term.lexeme AND t.category = OLD.category AND t.rank = old_term.rank
           AND t.product_id = OLD.product_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.visibility = 'public' AND NEW.tenant_active THEN
        INSERT INTO catalog_terms (lexeme, rank, product_id, category, price_amount)
        SELECT term.lexeme, term.rank, NEW.product_id, NEW.category, NEW.price_amount
          FROM catalog_terms_of(NEW.search) AS term;
    END IF;
    RETURN NULL;
END
$$;

ANALYZE catalog_terms;
