-- Pickup in store (docs/pickup.md). Pickups themselves are replicated documents in `docs` (collection
-- 'pickups'); these tables hold what devices never replicate: the web shop's API keys, the orders' idempotency
-- records, and the customer message outbox.
CREATE TABLE channel_keys (
  id text PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('web', 'app')),
  -- SHA-256 of the key: a copy of the database does not let anyone place orders.
  key_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
)
;
-- One row per accepted order. (channel, order_number) is unique, and so is (channel, idempotency_key): a retried
-- request finds the first one's response here and reserves nothing again.
CREATE TABLE channel_orders (
  id text PRIMARY KEY,
  channel text NOT NULL,
  order_number text NOT NULL,
  idempotency_key text,
  request_hash text NOT NULL,
  store_id text NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, order_number)
)
;
CREATE UNIQUE INDEX channel_orders_idempotency ON channel_orders (channel, idempotency_key) WHERE idempotency_key IS NOT NULL
;
-- Messages to customers, written in the same transaction as the pickup change that causes them and delivered by
-- the background job (server/outbox/worker.ts) with retries; FOR UPDATE SKIP LOCKED lets several server
-- processes share the work while each message is sent once.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  pickup_id text NOT NULL,
  store_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('ready', 'reminder', 'expired', 'cancelled')),
  -- 'pickup:kind' for automatic messages (one each); NULL for resends requested from a counter.
  dedupe_key text UNIQUE,
  recipient text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  -- Where the sender put it: the .eml path, or the SMTP message id.
  delivery_ref text,
  requested_by text
)
;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending'
;
CREATE INDEX outbox_pickup ON outbox (pickup_id)
;
CREATE INDEX docs_pickup_status ON docs ((data->>'status'), (data->>'expiresAt')) WHERE collection = 'pickups'
;
CREATE INDEX docs_pickup_code_hash ON docs ((data->>'codeHash')) WHERE collection = 'pickupCodes'
