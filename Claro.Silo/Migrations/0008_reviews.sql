-- Reviews: one per buyer per product. A product's reviews grain is the only writer: it inserts or
-- edits a row and moves catalog.rating_sum / rating_count by the same amount in the same
-- transaction, so the aggregate is never recounted and a review never counts twice. The primary key
-- is the second line of defence behind the grain, which runs one product's writes one at a time.
CREATE TABLE reviews
(
    product_id text        NOT NULL,
    buyer_id   text        NOT NULL,
    -- What the API and the cursors name, so a public page never reveals a buyer's user id.
    review_id  text        NOT NULL,
    tenant_id  text        NOT NULL,
    rating     integer     NOT NULL CHECK (rating BETWEEN 1 AND 5),
    -- Plain text as the buyer wrote it; never rendered as HTML.
    body       text        NOT NULL,
    -- The buyer's display name when the review was written; null when their account had none to give.
    buyer_name text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (product_id, buyer_id)
);

-- A product's reviews newest first, paged by keyset: an index range scan at any depth.
CREATE INDEX reviews_newest ON reviews (product_id, created_at DESC, review_id DESC);
