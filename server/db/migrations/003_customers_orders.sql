-- Customers and one orders model for every channel (docs/customers.md). None of these tables replicate as they
-- are: a store's counters receive working-set copies in `docs` (collections 'customers' and 'orders').
--
-- The store's POS reports its sales with a channel key of channel 'store'.
ALTER TABLE channel_keys DROP CONSTRAINT IF EXISTS channel_keys_channel_check
;
ALTER TABLE channel_keys ADD CONSTRAINT channel_keys_channel_check CHECK (channel IN ('web', 'app', 'store'))
;
-- One row per person. Lookups are prefix searches on lower-cased, normalised columns (btree text_pattern_ops),
-- which answer at a million rows in milliseconds on PostgreSQL and PGlite alike (no extension needed).
CREATE TABLE customers (
  id text PRIMARY KEY,
  first_name text NOT NULL DEFAULT '',
  last_name text NOT NULL DEFAULT '',
  -- lower(first_name || ' ' || last_name) and lower(last_name || ' ' || first_name): "alex mor" and "morgan a" both match.
  name_key text NOT NULL DEFAULT '',
  name_key_rev text NOT NULL DEFAULT '',
  email text,
  phone text,
  loyalty_number text,
  tier text NOT NULL DEFAULT 'member',
  points integer NOT NULL DEFAULT 0,
  store_credit bigint NOT NULL DEFAULT 0,
  currency text NOT NULL DEFAULT 'USD',
  home_store_id text NOT NULL DEFAULT '',
  consents jsonb NOT NULL DEFAULT '{"email": null, "sms": null}',
  sizes jsonb NOT NULL DEFAULT '[]',
  member_since timestamptz NOT NULL DEFAULT now(),
  -- Set when this record was merged into another (it then answers no lookup; identities point to the survivor).
  merged_into text,
  erased_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)
;
-- Not unique: two records may share an e-mail or phone until someone merges them (identity picks the oldest).
CREATE INDEX customers_email ON customers (email text_pattern_ops) WHERE email IS NOT NULL
;
CREATE INDEX customers_phone ON customers (phone) WHERE phone IS NOT NULL
;
CREATE INDEX customers_loyalty ON customers (loyalty_number) WHERE loyalty_number IS NOT NULL
;
CREATE INDEX customers_name_key ON customers (name_key text_pattern_ops)
;
CREATE INDEX customers_name_key_rev ON customers (name_key_rev text_pattern_ops)
;
-- The channels' own ids for a customer (web shop account, app user, POS customer number).
CREATE TABLE customer_identities (
  channel text NOT NULL,
  channel_customer_id text NOT NULL,
  customer_id text NOT NULL REFERENCES customers (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, channel_customer_id)
)
;
CREATE INDEX customer_identities_customer ON customer_identities (customer_id)
;
-- Every order of every channel. Lines, tenders and fulfilments are in `data` (shared/orders/types.ts Order) and,
-- for SQL (KPIs, "goes with"), lines again in order_lines. Amounts in minor units of `currency`.
CREATE TABLE orders (
  id text PRIMARY KEY,
  order_number text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('web', 'app', 'store')),
  -- Where sold or collected; '' for a shipment.
  store_id text NOT NULL DEFAULT '',
  fulfilment text NOT NULL CHECK (fulfilment IN ('ship', 'pickup', 'in-store')),
  customer_id text REFERENCES customers (id),
  status text NOT NULL CHECK (status IN ('open', 'completed', 'cancelled')),
  placed_at timestamptz NOT NULL,
  fulfilled_at timestamptz,
  delivered_at timestamptz,
  currency text NOT NULL,
  subtotal bigint NOT NULL,
  discount bigint NOT NULL,
  tax bigint NOT NULL,
  total bigint NOT NULL,
  -- Refunded so far (minor units, tax excluded); the returns issue maintains it. KPIs are net of it.
  refunded bigint NOT NULL DEFAULT 0,
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, order_number)
)
;
CREATE INDEX orders_customer ON orders (customer_id, placed_at)
;
CREATE INDEX orders_store_placed ON orders (store_id, placed_at)
;
CREATE INDEX orders_number ON orders (order_number)
;
CREATE TABLE order_lines (
  order_id text NOT NULL REFERENCES orders (id),
  line_id text NOT NULL,
  variant_id text NOT NULL,
  product_id text NOT NULL,
  sku text NOT NULL,
  quantity integer NOT NULL,
  unit_price bigint NOT NULL,
  discount bigint NOT NULL,
  net bigint NOT NULL,
  tax bigint NOT NULL,
  PRIMARY KEY (order_id, line_id)
)
;
CREATE INDEX order_lines_product ON order_lines (product_id)
;
-- One wishlist per customer across channels: one row per variant.
CREATE TABLE wishlist_items (
  customer_id text NOT NULL REFERENCES customers (id),
  variant_id text NOT NULL,
  product_id text NOT NULL,
  sku text NOT NULL,
  title text NOT NULL,
  added_at timestamptz NOT NULL,
  channel text NOT NULL,
  store_id text NOT NULL DEFAULT '',
  price_when_added bigint NOT NULL,
  currency text NOT NULL,
  PRIMARY KEY (customer_id, variant_id)
)
;
-- Online activity, kept for 90 days (the background job deletes older rows).
CREATE TABLE customer_activity (
  id bigserial PRIMARY KEY,
  customer_id text NOT NULL REFERENCES customers (id),
  type text NOT NULL CHECK (type IN ('view', 'cart-add', 'cart-remove')),
  variant_id text NOT NULL,
  product_id text NOT NULL,
  channel text NOT NULL,
  at timestamptz NOT NULL
)
;
CREATE INDEX customer_activity_customer ON customer_activity (customer_id, at)
;
CREATE INDEX customer_activity_at ON customer_activity (at)
;
CREATE TABLE customer_carts (
  customer_id text PRIMARY KEY REFERENCES customers (id),
  channel text NOT NULL,
  updated_at timestamptz NOT NULL,
  lines jsonb NOT NULL
)
;
-- A store's working set: why each customer is in it. The customer's docs copies exist while any reason does.
CREATE TABLE working_set (
  store_id text NOT NULL,
  customer_id text NOT NULL REFERENCES customers (id),
  reason text NOT NULL CHECK (reason IN ('pickup', 'served', 'lookup')),
  since timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  PRIMARY KEY (store_id, customer_id, reason)
)
;
CREATE INDEX working_set_customer ON working_set (customer_id)
;
-- What counters recorded (customerEvents pushes): views and reveals (the audit log managers read), notes,
-- in-store wishlist changes. Kept as received; event_id makes a retried push a no-op.
CREATE TABLE customer_events (
  event_id text PRIMARY KEY,
  customer_id text NOT NULL,
  kind text NOT NULL,
  store_id text NOT NULL,
  device_id text NOT NULL,
  staff_id text NOT NULL,
  source text NOT NULL DEFAULT '',
  field text NOT NULL DEFAULT '',
  text text NOT NULL DEFAULT '',
  variant_id text NOT NULL DEFAULT '',
  at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
)
;
CREATE INDEX customer_events_customer ON customer_events (customer_id, at)
;
CREATE INDEX customer_events_store ON customer_events (store_id, at)

;
-- Working-set copies are found by customer (refresh, erasure): customers and orders docs carry customerId.
CREATE INDEX docs_customer ON docs ((data->>'customerId')) WHERE collection IN ('customers', 'orders')

;
-- "Goes with" (server/customers/goesWith.ts): item-to-item co-occurrence with lift over the order history,
-- recomputed in SQL by the background job / `npm run admin -- goes-with`. One row per ordered pair (a, b), a ≠ b.
CREATE TABLE product_pairs (
  product_a text NOT NULL,
  product_b text NOT NULL,
  together integer NOT NULL,
  lift double precision NOT NULL,
  PRIMARY KEY (product_a, product_b)
)
;
CREATE INDEX product_pairs_rank ON product_pairs (product_a, lift DESC)

;
-- Pickups nobody started (server/orders/unstarted.ts): flagged to the store's manager once, then released.
CREATE TABLE pickup_alerts (
  pickup_id text NOT NULL,
  store_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('unstarted-overdue', 'unstarted-released')),
  at timestamptz NOT NULL,
  PRIMARY KEY (pickup_id, kind)
)
;
CREATE INDEX pickup_alerts_store ON pickup_alerts (store_id, at)
