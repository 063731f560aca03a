-- Returns, finished (docs/returns.md, issue #9).
--
-- Refunds back to an original gift-card tender reload that card (the order knows it by its last 4 digits): one row
-- per return and tender, written in the settling transaction, so a retried push reloads once. A refund to "a gift
-- card" chosen at the counter still issues a new card (gift_cards).
CREATE TABLE gift_card_reloads (
  return_id text NOT NULL,
  order_id text NOT NULL,
  tender_index integer NOT NULL,
  last4 text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (return_id, tender_index)
)
;
-- The order-confirmation e-mail (with the order's signed receipt code) is a pre-rendered message like the refund
-- e-mail. Any pre-rendered kind is allowed from now on, so a new kind needs no new constraint; the pickup kinds are
-- rendered at delivery and must be one of the four.
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_kind_check
;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('ready', 'reminder', 'expired', 'cancelled', 'refund') OR message IS NOT NULL)
;
