-- Returns (docs/returns.md). Return documents replicate in `docs` (collection 'returns'); these tables hold what the
-- server is the authority for: the returnable quantities, the money, and the stock that is not sellable.
--
-- The returnable-quantity ledger: one row per order line, created from order_lines the first time a return touches
-- the order. Units are taken with a conditional UPDATE (returned + n <= sold), so under any concurrency — two
-- stores, two devices, retries — never more is returned than was sold.
CREATE TABLE return_ledger (
  order_id text NOT NULL,
  line_id text NOT NULL,
  sold integer NOT NULL,
  returned integer NOT NULL DEFAULT 0,
  refunded_net bigint NOT NULL DEFAULT 0,
  refunded_tax bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (order_id, line_id),
  CHECK (returned >= 0 AND returned <= sold)
)
;
-- What each of the order's tenders paid and has had refunded to it: never more than it paid.
CREATE TABLE return_tender_ledger (
  order_id text NOT NULL,
  tender_index integer NOT NULL,
  type text NOT NULL,
  paid bigint NOT NULL,
  refunded bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (order_id, tender_index),
  CHECK (refunded >= 0 AND refunded <= paid)
)
;
-- One row per return the server settled: inserted first in the settling transaction (ON CONFLICT DO NOTHING), so a
-- return's money and stock effects happen exactly once however often it is pushed.
CREATE TABLE returns (
  id text PRIMARY KEY,
  store_id text NOT NULL,
  order_id text NOT NULL DEFAULT '',
  origin_channel text NOT NULL DEFAULT '',
  customer_id text NOT NULL DEFAULT '',
  receiptless boolean NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('refunded', 'flagged')),
  flags text[] NOT NULL DEFAULT '{}',
  total bigint NOT NULL DEFAULT 0,
  collect bigint NOT NULL DEFAULT 0,
  currency text NOT NULL,
  overridden_by text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  settled_at timestamptz NOT NULL
)
;
CREATE INDEX returns_store ON returns (store_id, settled_at)
;
CREATE INDEX returns_customer ON returns (customer_id, settled_at) WHERE receiptless
;
-- The lines the server accepted (quantity 0 for a line it did not), for KPIs.
CREATE TABLE return_lines (
  return_id text NOT NULL REFERENCES returns (id),
  line_id text NOT NULL,
  order_line_id text NOT NULL DEFAULT '',
  variant_id text NOT NULL,
  product_id text NOT NULL DEFAULT '',
  category text NOT NULL DEFAULT '',
  quantity integer NOT NULL,
  reason text NOT NULL,
  disposition text NOT NULL,
  refund bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (return_id, line_id)
)
;
-- The money that went out, per tender (KPIs: refunds by tender).
CREATE TABLE return_refunds (
  return_id text NOT NULL REFERENCES returns (id),
  seq integer NOT NULL,
  tender text NOT NULL,
  original_index integer NOT NULL,
  amount bigint NOT NULL,
  PRIMARY KEY (return_id, seq)
)
;
-- The default payment connector's own ledger (server/returns/connector.ts): the idempotency key is the return id,
-- so a retried refund finds the first one's record.
CREATE TABLE payment_refunds (
  idempotency_key text PRIMARY KEY,
  order_id text NOT NULL,
  currency text NOT NULL,
  total bigint NOT NULL,
  allocations jsonb NOT NULL,
  reference text NOT NULL,
  created_at timestamptz NOT NULL
)
;
-- Store credit: an entry per credit or debit; the balance is their sum (also kept on customers.store_credit).
CREATE TABLE store_credit_entries (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  amount bigint NOT NULL,
  currency text NOT NULL,
  return_id text,
  created_at timestamptz NOT NULL
)
;
CREATE INDEX store_credit_customer ON store_credit_entries (customer_id)
;
CREATE TABLE gift_cards (
  id text PRIMARY KEY,
  return_id text UNIQUE,
  balance bigint NOT NULL,
  currency text NOT NULL,
  created_at timestamptz NOT NULL
)
;
-- Returned units that are not sellable, by store, variant and disposition (damaged, rtv, destroy, inspect).
CREATE TABLE return_stock (
  store_id text NOT NULL,
  variant_id text NOT NULL,
  disposition text NOT NULL CHECK (disposition IN ('damaged', 'rtv', 'destroy', 'inspect')),
  quantity integer NOT NULL,
  PRIMARY KEY (store_id, variant_id, disposition)
)
;
-- Refund e-mails: the outbox carries pre-rendered messages for kinds that are not about a pickup.
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_kind_check
;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('ready', 'reminder', 'expired', 'cancelled', 'refund'))
;
ALTER TABLE outbox ADD COLUMN message jsonb
;
CREATE INDEX docs_returns_status ON docs ((data->>'status')) WHERE collection = 'returns'
