-- Every replicated document lives in `docs`: one row per (collection, id), its JSON in `data`.
-- `rev` is assigned by the server from one sequence, under a transaction-scoped advisory lock held until
-- commit (server/sync/revisions.ts), so revisions become visible in order and a pull never skips a row.
-- `scope` is '' for documents every device receives and the store id for store-scoped ones.
CREATE SEQUENCE doc_rev AS bigint
;
CREATE TABLE docs (
  collection text NOT NULL,
  id text NOT NULL,
  scope text NOT NULL DEFAULT '',
  data jsonb NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  rev bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  PRIMARY KEY (collection, id)
)
;
CREATE INDEX docs_pull ON docs (collection, scope, rev)
;
CREATE INDEX docs_variant_gtin ON docs ((data->>'gtin')) WHERE collection = 'variants'
;
CREATE INDEX docs_variant_sku ON docs ((data->>'sku')) WHERE collection = 'variants'
;
CREATE INDEX docs_inventory_variant ON docs ((data->>'variantId')) WHERE collection = 'inventory'
;
CREATE TABLE devices (
  id text PRIMARY KEY,
  name text NOT NULL,
  store_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('counter', 'kiosk')),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  revoked_at timestamptz
)
;
CREATE TABLE enrollment_codes (
  code_hash text PRIMARY KEY,
  store_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('counter', 'kiosk')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  device_id text
)
;
CREATE TABLE meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL
)
