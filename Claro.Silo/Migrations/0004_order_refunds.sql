-- Refunds are recorded on the order as Stripe reports them: the running total in minor units.
ALTER TABLE orders ADD COLUMN refunded bigint NOT NULL DEFAULT 0;
