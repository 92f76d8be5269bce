-- No query reads orders by buyer: a buyer's purchases are the BuyerLibrary grain's, and the only
-- order look-ups are by order id, checkout id, Stripe session, payment intent and tenant. The
-- index cost every paid checkout one more entry written in the order row's transaction.
DROP INDEX IF EXISTS orders_buyer_paid;
