-- A tenant's admin product list (every state, newest first) is read from the catalog, whose
-- catalog_tenant_newest index (0005) already orders it. Until now the tenant catalog grain kept the
-- whole list as its Orleans state, rewritten on every change of any of the tenant's products; the
-- file count was the one field of that list the catalog lacked. Rows written before this count 0
-- files until the tenant catalog grain moves what its earlier state knew (guarded by version).
ALTER TABLE catalog ADD COLUMN file_count integer NOT NULL DEFAULT 0;
