/**
 * A deterministic demo retailer: stores, a catalog of products and variants, per-store inventory and staff.
 * The same seed yields byte-identical documents on every machine (seeded PRNG, fixed timestamps, salts
 * derived from the seed), so tests and benchmarks compare like with like.
 *
 * What must stay true:
 * - Product N's documents depend only on (seed, N, the variants still to generate): the catalog is produced
 *   one product at a time by iterateDemoCatalog, so seedDemo can write 200k variants / 2M inventory rows in
 *   bounded memory.
 * - Every barcode is a valid UPC-A or EAN-13 and unique in the catalog: the item reference is the variant's
 *   global index, and UPC-A (GTIN-14 "00…") and EAN-13 with a non-zero first digit (GTIN-14 "04…") never meet.
 *
 * Demo credentials (documented for the README and the demo script): in store N (store-00N, code S00N) staff
 * number `${N}001` is the manager with PIN 135790, and `${N}002`…`${N}006` are associates with PIN 246810.
 * Store 1: manager 1001 / 135790, associates 1002–1006 / 246810. Store 10: manager 10001 / 135790.
 *
 * Demo PIN salts are derived from (seed, role), so seeding runs scrypt twice instead of once per person (128 MiB
 * each); demo staff of one role therefore share a server verifier. Real PINs, set with `admin reset-pin` or a
 * manager's reset at the counter, get a random salt each.
 */
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/db';
import type { InventoryDoc, ProductDoc, ProductOption, StaffDoc, StoreDoc, VariantDoc } from '../../shared/schemas/collections';
import type { CollectionName } from '../../shared/schemas/collections';
import { withCheckDigit, toGtin14 } from '../../shared/gtin';
import { PIN_KDF, PIN_SALT_BYTES, serverPinVerifier } from '../../shared/staff';
import { copyDocs, copyNewDocs, writeDocs, type DocWrite, type NewDocRow } from '../sync/revisions';
import { BRANDS, CARE_NOTES, FIRST_NAMES, LAST_NAMES, PRODUCT_KINDS, type Brand, type ProductKind } from './catalogContent';
import { createRng, mixSeed, type Rng } from './prng';
import { demoStores, MAX_DEMO_STORES } from './stores';
import { derivePinKeyNode, writeVerifier } from '../staff/pins';
import { productImagePath } from './imageRoute';

export const DEMO_MANAGER_PIN = '135790';
export const DEMO_ASSOCIATE_PIN = '246810';
export const DEMO_STAFF_PER_STORE = 6;
export const DEMO_META_KEY = 'demo_seed';
export const DEMO_CURRENCY = 'USD';

/**
 * The demo's euro price list for the Paris and Berlin stores: a fixed rate, rounded to a whole euro less a cent.
 * Computed, not drawn from the generator, so adding it left every other demo value as it was.
 */
export function euroPrice(usdCents: number): number {
  return Math.max(1, Math.round((usdCents * 0.92) / 100)) * 100 - 1;
}
/** Item references are 7 digits in both UPC-A and EAN-13 below. */
export const MAX_DEMO_VARIANTS = 9_999_999;

export interface DemoOptions {
  seed?: number;
  variants?: number;
  /** 1…10; default 10. */
  stores?: number;
}

export interface DemoBundle {
  product: ProductDoc;
  variants: VariantDoc[];
  /** One per store per variant. */
  inventory: InventoryDoc[];
}

export interface DemoData {
  seed: number;
  updatedAt: string;
  stores: StoreDoc[];
  products: ProductDoc[];
  variants: VariantDoc[];
  inventory: InventoryDoc[];
  staff: StaffDoc[];
}

interface ResolvedOptions {
  seed: number;
  variants: number;
  stores: number;
}

function resolve(options: DemoOptions): ResolvedOptions {
  const seed = options.seed ?? 42;
  const variants = options.variants ?? 10_000;
  const stores = options.stores ?? MAX_DEMO_STORES;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  if (!Number.isSafeInteger(variants) || variants < 1 || variants > MAX_DEMO_VARIANTS) throw new RangeError(`variants must be 1…${MAX_DEMO_VARIANTS}, got ${variants}`);
  if (!Number.isSafeInteger(stores) || stores < 1 || stores > MAX_DEMO_STORES) throw new RangeError(`stores must be 1…${MAX_DEMO_STORES}, got ${stores}`);
  return { seed, variants, stores };
}

/** A fixed instant derived from the seed (within 2026), never the wall clock, so output is reproducible. */
export function demoTimestamp(seed: number): string {
  const minutes = mixSeed(seed, 0x7157) % (365 * 24 * 60);
  return new Date(Date.UTC(2026, 0, 1) + minutes * 60_000).toISOString();
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const brandPrefixes = new Map<string, string>();

/** A 3-digit manufacturer number per brand, stable across runs (memoised: one sha256 a barcode was a fifth of a seed's generation time). */
function brandPrefix(brand: Brand): string {
  let prefix = brandPrefixes.get(brand.code);
  if (prefix === undefined) brandPrefixes.set(brand.code, (prefix = pad(100 + (createHash('sha256').update(brand.code).digest().readUInt16BE(0) % 900), 3)));
  return prefix;
}

export function demoBarcode(brand: Brand, variantIndex: number): string {
  const item = pad(variantIndex, 7);
  // UPC-A: number system 0 + manufacturer + item (11 digits) + check. EAN-13: GS1 Germany prefix 40 + … + check.
  return brand.symbology === 'upc' ? withCheckDigit(`0${brandPrefix(brand)}${item}`) : withCheckDigit(`40${brandPrefix(brand)}${item}`);
}

const KIND_WEIGHT_TOTAL = PRODUCT_KINDS.reduce((sum, k) => sum + k.weight, 0);

function pickKind(rng: Rng): ProductKind {
  let r = rng.next() * KIND_WEIGHT_TOTAL;
  for (const kind of PRODUCT_KINDS) {
    r -= kind.weight;
    if (r < 0) return kind;
  }
  // Only reached through floating-point rounding at the very top of the range.
  const last = PRODUCT_KINDS[PRODUCT_KINDS.length - 1];
  if (!last) throw new Error('no product kinds');
  return last;
}

/** Chooses the values of each option so the product has 3–12 variants (1 when it has no options). */
function chooseOptionValues(kind: ProductKind, rng: Rng): string[][] {
  if (kind.options.length === 0) return [];
  let counts = kind.options.map((o) => o.min);
  for (let attempt = 0; attempt < 20; attempt++) {
    const c = kind.options.map((o) => rng.int(o.min, o.max));
    const total = c.reduce((a, b) => a * b, 1);
    if (total >= 3 && total <= 12) {
      counts = c;
      break;
    }
  }
  return kind.options.map((axis, i) => {
    const count = counts[i] ?? axis.min;
    if (axis.contiguous) {
      const start = rng.int(0, axis.values.length - count);
      return axis.values.slice(start, start + count);
    }
    return rng.sample(axis.values, count);
  });
}

function cartesian(lists: string[][]): string[][] {
  return lists.reduce<string[][]>((acc, values) => acc.flatMap((prefix) => values.map((v) => [...prefix, v])), [[]]);
}

function roundPrice(dollars: number, rng: Rng): number {
  // Retail endings: mostly .99, some .00 and .50.
  const r = rng.next();
  if (r < 0.7) return dollars * 100 - 1;
  if (r < 0.85) return dollars * 100;
  return dollars * 100 - 50;
}

function onHandFor(rng: Rng): number {
  const r = rng.next();
  if (r < 0.12) return 0;
  if (r < 0.7) return rng.int(1, 8);
  return rng.int(9, 25);
}

/**
 * Yields the catalog one product at a time, with exactly `variants` variants in total (the last product is
 * cut short if needed) and inventory for each of the first `stores` demo stores.
 */
export function* iterateDemoCatalog(options: DemoOptions = {}): Generator<DemoBundle> {
  const { seed, variants: target, stores } = resolve(options);
  const updatedAt = demoTimestamp(seed);
  const storeIds = demoStores(stores, updatedAt).map((s) => s.id);
  let produced = 0;
  for (let p = 0; produced < target; p++) {
    const rng = createRng(mixSeed(seed, p, 1));
    const stockRng = createRng(mixSeed(seed, p, 2));
    const kind = pickKind(rng);
    const brand = rng.pick(BRANDS[kind.department]);
    const noun = rng.pick(kind.nouns);
    const adjective = rng.pick(kind.adjectives);
    const title = `${adjective} ${noun}`;
    const productNo = pad(p + 1, 6);
    const productId = `prod_${productNo}`;

    let combos = cartesian(chooseOptionValues(kind, rng));
    combos = combos.slice(0, target - produced);
    const options: ProductOption[] = kind.options.map((axis, i) => ({
      name: axis.name,
      // Only the values some variant uses (the last product may have been cut short).
      values: axis.values.filter((v) => combos.some((c) => c[i] === v)),
    }));

    const description =
      `${adjective} ${noun.toLowerCase()} by ${brand.name}. ` + `${rng.pick(kind.features)} ${rng.pick(kind.features)} ${rng.pick(CARE_NOTES[kind.department])}`;
    const product: ProductDoc = {
      id: productId,
      handle: `${slug(title)}-${productNo}`,
      title: `${brand.name} ${title}`,
      brand: brand.name,
      category: kind.category,
      description,
      options,
      images: [productImagePath(productId)],
      updatedAt,
    };

    const baseCents = roundPrice(rng.int(kind.priceDollars[0], kind.priceDollars[1]), rng);
    const onSale = rng.chance(0.25);
    const colourIndex = kind.options.findIndex((o) => o.name === 'Colour');
    const variantDocs: VariantDoc[] = combos.map((values, position) => {
      const variantIndex = produced + position;
      let cents = baseCents;
      kind.options.forEach((axis, i) => {
        const step = axis.priceSteps?.[axis.values.indexOf(values[i] ?? '')];
        if (step) cents += step * 100;
      });
      const barcode = demoBarcode(brand, variantIndex);
      const colour = colourIndex >= 0 ? values[colourIndex] : undefined;
      // A "was" price 20–50% above, rounded to .99, on about a quarter of products.
      const wasCents = onSale ? Math.round((cents * (1.2 + rng.int(0, 30) / 100)) / 100) * 100 - 1 : null;
      return {
        id: `var_${productNo}_${pad(position + 1, 2)}`,
        productId,
        sku: `${brand.code}-${productNo}-${pad(position + 1, 2)}`,
        gtin: toGtin14(barcode) ?? '',
        barcode,
        title: values.length > 0 ? values.join(' / ') : 'Default',
        optionValues: values,
        price: { amount: cents, currency: DEMO_CURRENCY },
        compareAtPrice: wasCents === null ? null : { amount: wasCents, currency: DEMO_CURRENCY },
        image: colour ? productImagePath(productId, colour) : null,
        position,
        updatedAt,
        marketPrices: [{ price: { amount: euroPrice(cents), currency: 'EUR' }, compareAtPrice: wasCents === null ? null : { amount: euroPrice(wasCents), currency: 'EUR' } }],
      };
    });

    const inventory: InventoryDoc[] = [];
    for (const storeId of storeIds) {
      for (const v of variantDocs) {
        const onHand = onHandFor(stockRng);
        inventory.push({ id: `${storeId}:${v.id}`, storeId, variantId: v.id, onHand, reserved: 0, available: onHand, location: shelfLocation(storeId, productId), updatedAt });
      }
    }
    produced += variantDocs.length;
    yield { product, variants: variantDocs, inventory };
  }
}

/**
 * A shelf location per store and product (its variants sit together), from a hash so the rest of the seeded data
 * (which draws from the PRNG) is unchanged: 14 aisles, 20 bays, shelves A–E.
 */
export function shelfLocation(storeId: string, productId: string): string {
  let h = 2166136261;
  for (const ch of `${storeId}:${productId}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return `Aisle ${1 + (h % 14)} · Bay ${1 + (Math.floor(h / 14) % 20)} · Shelf ${'ABCDE'[Math.floor(h / 280) % 5] ?? 'A'}`;
}

function demoSalt(seed: number, manager: boolean): string {
  return createHash('sha256').update(`aisle-demo-pin:${seed}:${manager ? 'manager' : 'associate'}`).digest('hex').slice(0, PIN_SALT_BYTES * 2);
}

export function demoStaff(seed: number, stores: readonly StoreDoc[], updatedAt: string): StaffDoc[] {
  const rng = createRng(mixSeed(seed, 0x5747));
  return stores.flatMap((store, s) =>
    Array.from({ length: DEMO_STAFF_PER_STORE }, (_, k): StaffDoc => {
      const staffNumber = String((s + 1) * 1000 + k + 1);
      const manager = k === 0;
      return {
        id: `staff_${staffNumber}`,
        storeId: store.id,
        staffNumber,
        badge: `AISLE-${staffNumber}`,
        name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
        role: manager ? 'manager' : 'associate',
        pinSalt: demoSalt(seed, manager),
        pinKdf: { ...PIN_KDF },
        pinVersion: 0,
        active: true,
        updatedAt,
      };
    }),
  );
}

/** The two demo PIN keys of a seed, derived once per process (scrypt is the slow part of seeding). */
const demoKeys = new Map<string, Promise<Uint8Array>>();

/** The server verifier of a demo staff member's documented PIN. */
export async function demoVerifier(seed: number, staff: Pick<StaffDoc, 'role'>): Promise<string> {
  const manager = staff.role === 'manager';
  const cacheKey = `${seed}:${manager ? 'm' : 'a'}`;
  let key = demoKeys.get(cacheKey);
  if (!key) demoKeys.set(cacheKey, (key = derivePinKeyNode(manager ? DEMO_MANAGER_PIN : DEMO_ASSOCIATE_PIN, demoSalt(seed, manager))));
  return serverPinVerifier(await key);
}

/** Everything at once, for tests and small catalogs; seedDemo streams instead. */
export async function generateDemo(options: DemoOptions = {}): Promise<DemoData> {
  const resolved = resolve(options);
  const updatedAt = demoTimestamp(resolved.seed);
  const stores = demoStores(resolved.stores, updatedAt);
  const data: DemoData = { seed: resolved.seed, updatedAt, stores, products: [], variants: [], inventory: [], staff: demoStaff(resolved.seed, stores, updatedAt) };
  for (const bundle of iterateDemoCatalog(resolved)) {
    data.products.push(bundle.product);
    data.variants.push(...bundle.variants);
    for (const inv of bundle.inventory) data.inventory.push(inv);
  }
  return data;
}

export interface SeedOptions extends DemoOptions {
  /** Seed even if the database says it has been seeded (documents are upserted by id). */
  force?: boolean;
  /** Variants written per transaction (with their products and inventory). */
  chunkVariants?: number;
  onProgress?: (written: { variants: number; total: number }) => void;
}

export interface SeedReport {
  skipped: boolean;
  seed: number;
  stores: number;
  staff: number;
  products: number;
  variants: number;
  inventory: number;
  ms: number;
}

interface SeedMeta {
  seed: number;
  variants: number;
  stores: number;
}

export async function readSeedMeta(db: Queryable): Promise<SeedMeta | null> {
  const res = await db.query<{ value: unknown }>('SELECT value FROM meta WHERE key = $1', [DEMO_META_KEY]);
  const value = res.rows[0]?.value;
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const num = (key: string): number => (typeof v[key] === 'number' ? v[key] : 0);
  return { seed: num('seed'), variants: num('variants'), stores: num('stores') };
}

const toWrites = <T extends { id: string }>(docs: readonly T[], scope: (d: T) => string): DocWrite[] =>
  docs.map((d) => ({ id: d.id, scope: scope(d), data: { ...d } }));

const SEEDED_BY = 'seed';

/**
 * Writes the demo retailer with writeDocs, one transaction per chunk of products, so memory stays bounded and
 * devices can start pulling before a large seed finishes. Does nothing when the `meta` row says the database
 * was already seeded, unless `force`. The meta row is written last: an interrupted seed simply runs again.
 * Forcing with fewer variants than before leaves the extra documents of the earlier seed in place.
 */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<SeedReport> {
  const started = performance.now();
  const resolved = resolve(options);
  const chunkVariants = options.chunkVariants ?? 4000;
  const existing = await readSeedMeta(db);
  const report: SeedReport = { skipped: false, seed: resolved.seed, stores: 0, staff: 0, products: 0, variants: 0, inventory: 0, ms: 0 };
  if (existing && !options.force) {
    report.skipped = true;
    report.ms = performance.now() - started;
    return report;
  }
  const updatedAt = demoTimestamp(resolved.seed);
  const stores = demoStores(resolved.stores, updatedAt);
  const staff = demoStaff(resolved.seed, stores, updatedAt);
  const verifiers = await Promise.all(staff.map((s) => demoVerifier(resolved.seed, s)));
  await db.transaction(async (tx) => {
    await writeDocs(tx, 'stores', toWrites(stores, () => ''), SEEDED_BY);
    await writeDocs(tx, 'staff', toWrites(staff, (d) => d.storeId), SEEDED_BY);
    // The server's PIN verifiers (never replicated): a re-seed resets demo PINs and their lockout.
    for (const [i, s] of staff.entries()) await writeVerifier(tx, s, verifiers[i] ?? '');
  });
  report.stores = stores.length;
  report.staff = staff.length;

  // A database without catalog rows (the usual first seed) takes the rows straight into docs by COPY (copyNewDocs):
  // the same rows and revisions as the staged upsert, for about a third less database work. Otherwise (a forced
  // re-seed, an interrupted one run again) every row is upserted.
  const fresh = (await db.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM docs WHERE collection IN ('products', 'variants', 'inventory')) AS any`)).rows[0]?.any === false;
  let products: ProductDoc[] = [];
  let variants: VariantDoc[] = [];
  let inventory: InventoryDoc[] = [];
  // One chunk is written while the next is generated: the database (PostgreSQL, out of process) works while this
  // process builds documents, instead of each waiting for the other. Only one transaction is in flight at a time,
  // in order, so PGlite (one connection) sees the same sequence of transactions as before.
  let inFlight: Promise<void> = Promise.resolve();
  let failed: Error | null = null;
  const rethrow = (): void => {
    if (failed !== null) throw failed;
  };
  const flush = async (): Promise<void> => {
    if (products.length === 0) return;
    const batch: [CollectionName, DocWrite[]][] = fresh
      ? []
      : [
          ['products', toWrites(products, () => '')],
          ['variants', toWrites(variants, () => '')],
          ['inventory', toWrites(inventory, (d) => d.storeId)],
        ];
    const rows: [CollectionName, NewDocRow[]][] = fresh
      ? [
          ['products', products.map((d) => ({ id: d.id, scope: '', json: JSON.stringify(d) }))],
          ['variants', variants.map((d) => ({ id: d.id, scope: '', json: JSON.stringify(d) }))],
          ['inventory', inventory.map((d) => ({ id: d.id, scope: d.storeId, json: JSON.stringify(d) }))],
        ]
      : [];
    const counts = { products: products.length, variants: variants.length, inventory: inventory.length };
    products = [];
    variants = [];
    inventory = [];
    await inFlight;
    rethrow();
    inFlight = db
      .transaction(async (tx) => {
        // COPY through a staging table (copyDocs): the same upsert as writeDocs, without one giant jsonb parameter.
        for (const [collection, writes] of batch) await copyDocs(tx, collection, writes, SEEDED_BY);
        for (const [collection, docs] of rows) await copyNewDocs(tx, collection, docs, SEEDED_BY);
      })
      .then(
        () => {
          report.products += counts.products;
          report.variants += counts.variants;
          report.inventory += counts.inventory;
          options.onProgress?.({ variants: report.variants, total: resolved.variants });
        },
        (err: unknown) => {
          failed = err instanceof Error ? err : new Error('a seed chunk failed to write', { cause: err });
        },
      );
  };
  let generated = 0;
  for (const bundle of iterateDemoCatalog(resolved)) {
    products.push(bundle.product);
    variants.push(...bundle.variants);
    for (const inv of bundle.inventory) inventory.push(inv);
    if (variants.length >= chunkVariants) await flush();
    // Let the chunk in flight take its next step (each statement's answer is an I/O callback) while generating.
    else if (++generated % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await flush();
  await inFlight;
  rethrow();
  // Fresh statistics (the planner otherwise guesses a few rows per collection) and a visibility map, so the pull's
  // count of what remains is an index-only scan.
  await db.exec('VACUUM (ANALYZE) docs');
  await db.query(
    `INSERT INTO meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [DEMO_META_KEY, JSON.stringify({ seed: resolved.seed, variants: resolved.variants, stores: resolved.stores } satisfies SeedMeta)],
  );
  report.ms = performance.now() - started;
  return report;
}
