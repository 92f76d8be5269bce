-- Ops can suspend a tenant: its storefront leaves the directory and its products leave discovery.
ALTER TABLE storefronts ADD COLUMN active boolean NOT NULL DEFAULT true;

-- A product row enters the catalog as its tenant stands. FOR SHARE waits for a suspension being
-- written (which holds the storefront row while it updates the tenant's catalog rows), so a product
-- inserted meanwhile cannot slip in as active.
CREATE FUNCTION catalog_tenant_active() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.tenant_active := coalesce((SELECT active FROM storefronts WHERE tenant_id = NEW.tenant_id FOR SHARE), true);
    RETURN NEW;
END
$$;

CREATE TRIGGER catalog_tenant_active
    BEFORE INSERT ON catalog
    FOR EACH ROW EXECUTE FUNCTION catalog_tenant_active();
