-- A full refund or a lost dispute takes its sale back out of the product's counters, so buying and
-- refunding cannot push a product up the bestseller list. The reversal is a row of its own beside
-- the sale (negative quantity and amount), written once: when the order row moves into a revoked
-- status. The trending score keeps the sale; it weighs recent demand, and log space cannot subtract.
ALTER TABLE catalog_sales_pending ADD COLUMN kind text NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'reversal'));
ALTER TABLE catalog_sales_pending DROP CONSTRAINT catalog_sales_pending_pkey;
ALTER TABLE catalog_sales_pending ADD PRIMARY KEY (order_id, product_id, kind);
