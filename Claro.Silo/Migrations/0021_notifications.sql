-- Notifications are the order's audit rows as its buyer and its creator see them: written once, in
-- the transaction that applies the Stripe event (the write-ahead), so a buyer or creator is told of a
-- payment, refund or dispute exactly once, however often Stripe delivers it. The creator's feed reads
-- audit_events_tenant; the buyer's needs the buyer on the row.
ALTER TABLE audit_events ADD COLUMN buyer_id text NULL;

UPDATE audit_events AS audit
   SET buyer_id = orders.buyer_id
  FROM orders
 WHERE orders.order_id = audit.order_id;

CREATE INDEX audit_events_buyer ON audit_events (buyer_id, audit_id DESC) WHERE buyer_id IS NOT NULL;
