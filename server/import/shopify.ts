/**
 * Imports Shopify's product CSV export into the catalog. An import applies whole or not at all: every row is
 * validated first, then the catalog checks (SKU/barcode owned by another product) and all writes run in one
 * transaction, so devices never pull half an import.
 *
 * Shopify's format: rows sharing a Handle form one product. The first row carries the product fields and
 * option names; every row with option values, a SKU, a price or a barcode is a variant; rows with only an
 * Image Src add images. A product with the single option "Title" = "Default Title" has no options.
 *
 * Row numbers in errors are spreadsheet rows (header = row 1, one row per CSV record); `line` is the
 * physical line the record starts on, which differs once a quoted description spans several lines.
 */
import type { Db, Queryable, Transaction } from '../db/db';
import type { CollectionName, ProductDoc, ProductOption, VariantDoc } from '../../shared/schemas/collections';
import { canonicalJson } from '../../shared/canonical';
import { gs1CheckDigit, toGtin14 } from '../../shared/gtin';
import type { Money } from '../../shared/money';
import { inventoryId } from '../orders/pickupStore';
import { copyDocs, copyNewDocs, REVISION_LOCK, type DocWrite } from '../sync/revisions';
import type { Readable } from 'node:stream';
import { CsvSyntaxError, parseCsv, readCsv, type CsvProgress, type CsvRecord } from './csv';
import { htmlToText } from './html';
import { productIdForHandle, variantIdFor } from './ids';
import { productImagePath } from '../seed/imageRoute';
import { parsePrice } from './prices';

export interface ImportIssue {
  /** Spreadsheet row: header = 1. */
  row: number;
  /** Physical line in the file where the record starts. */
  line: number;
  column?: string;
  reason: string;
}

export interface ImportCounts {
  products: number;
  variants: number;
}

export type ImportResult =
  | { ok: false; errors: ImportIssue[] }
  | {
      ok: true;
      /** Products and variants in the file. */
      products: number;
      variants: number;
      created: ImportCounts;
      updated: ImportCounts;
      /** Already in the catalog with the same content: not rewritten, so devices pull nothing for them. */
      unchanged: ImportCounts;
      /** Variants of imported products that the file no longer lists; deleted with their inventory. */
      removedVariants: number;
      /** Inventory documents created (onHand 0) for new variants at every store. */
      inventoryCreated: number;
    };

/** Where a long import is: reading the file, checking it, writing it. */
export interface ImportProgress extends CsvProgress {
  phase: 'reading' | 'checking' | 'writing';
  /**
   * While checking: how many rows there are (`records` is how many are checked so far), and `step` 'catalog' once
   * the rows are checked and the file is compared with the catalog. While writing: how many documents the import
   * writes in all (`records` is how many are written so far).
   */
  total?: number;
  step?: 'rows' | 'catalog';
}

export interface ImportOptions {
  /** Called while a streamed file is read, and at each later phase. */
  onProgress?: (p: ImportProgress) => void;
  currency?: string;
  /** updatedAt of written documents; default now. */
  now?: string;
  /** Recorded as docs.updated_by. */
  updatedBy?: string;
}

export interface ImportPlan {
  products: ProductDoc[];
  variants: VariantDoc[];
  /** Where each variant came from, for errors found against the catalog. */
  variantRows: Map<string, { row: number; line: number }>;
}

const MAX_IMAGES = 20;

interface Row {
  row: number;
  line: number;
  get(column: string): string;
}

function issue(r: { row: number; line: number }, reason: string, column?: string): ImportIssue {
  return column === undefined ? { row: r.row, line: r.line, reason } : { row: r.row, line: r.line, column, reason };
}

function validateBarcode(raw: string): { gtin: string; barcode: string } | { error: string } {
  // Spreadsheets drop leading zeros unless the cell is text; Shopify exports prefix such cells with an apostrophe.
  const barcode = raw.replace(/^'/, '').replace(/\s+/g, '');
  if (barcode === '') return { gtin: '', barcode: '' };
  if (!/^\d+$/.test(barcode)) return { error: `barcode "${raw}" must contain only digits` };
  if (![8, 12, 13, 14].includes(barcode.length)) return { error: `barcode "${barcode}" has ${barcode.length} digits; expected 8 (EAN-8/UPC-E), 12 (UPC-A), 13 (EAN-13) or 14 (GTIN-14)` };
  const gtin = toGtin14(barcode);
  if (gtin === null) {
    const expected = gs1CheckDigit(barcode.slice(0, -1));
    return { error: `barcode "${barcode}" has a wrong check digit: ${barcode.slice(-1)}, expected ${expected}${barcode.length === 8 ? ' (and it is not a valid UPC-E either)' : ''}` };
  }
  return { gtin, barcode };
}

function categoryOf(type: string, productCategory: string): string {
  if (type !== '') return type;
  // "Apparel & Accessories > Clothing > Shirts & Tops" → "Shirts & Tops"
  const segments = productCategory.split('>').map((s) => s.trim()).filter(Boolean);
  return segments[segments.length - 1] ?? '';
}

/** Devices put these in <img src>: only web URLs and server-relative paths, never javascript: or data: URLs. */
function checkImageUrl(errors: ImportIssue[], r: Row, column: string, url: string): void {
  if (url !== '' && !/^(?:https?:\/\/[^\s]+|\/[^\s/][^\s]*)$/i.test(url)) errors.push(issue(r, `${column} "${url.slice(0, 80)}" must be an http(s) URL or a path starting with /`, column));
}

function checkLength(errors: ImportIssue[], r: Row, column: string, value: string, max: number): void {
  if (value.length > max) errors.push(issue(r, `${column} is ${value.length} characters long; at most ${max} are allowed`, column));
}

type Planned = { ok: true; plan: ImportPlan } | { ok: false; errors: ImportIssue[] };

function syntaxIssue(err: unknown): Planned {
  if (err instanceof CsvSyntaxError) return { ok: false, errors: [{ row: err.line, line: err.line, reason: `CSV syntax: ${err.message}` }] };
  throw err;
}

/** Validates the file and builds the documents; touches no database. */
export function planShopifyImport(text: string, options: { currency?: string; now?: string } = {}): Planned {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (err) {
    return syntaxIssue(err);
  }
  return planFromRecords(records, options);
}

/** The same, reading the file as a stream (csv-parse), with progress while it reads. */
export async function planShopifyImportStream(source: Readable, options: { currency?: string; now?: string; onProgress?: (p: ImportProgress) => void } = {}): Promise<Planned> {
  let records: CsvRecord[];
  try {
    records = await readCsv(source, (p) => options.onProgress?.({ phase: 'reading', ...p }));
  } catch (err) {
    return syntaxIssue(err);
  }
  return planFromRecords(records, options);
}

function planFromRecords(records: CsvRecord[], options: { currency?: string; now?: string; onProgress?: (p: ImportProgress) => void }): Planned {
  const rowCount = Math.max(0, records.length - 1);
  const onProgress = options.onProgress;
  // About every 5 % of the rows (a million-row file spent minutes here without a word).
  const every = Math.max(1000, Math.ceil(rowCount / 20));
  let checked = 0;
  let shown = 0;
  const checking = (n: number): void => {
    checked += n;
    if (onProgress && (checked - shown >= every || checked === rowCount)) {
      shown = checked;
      onProgress({ phase: 'checking', step: 'rows', records: checked, total: rowCount, bytes: 0 });
    }
  };
  onProgress?.({ phase: 'checking', step: 'rows', records: 0, total: rowCount, bytes: 0 });
  const currency = options.currency ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`currency must be an ISO 4217 code such as USD, got "${currency}"`);
  const updatedAt = options.now ?? new Date().toISOString();
  const header = records[0];
  if (!header) return { ok: false, errors: [{ row: 1, line: 1, reason: 'the file is empty' }] };
  const columns = new Map<string, number>();
  header.fields.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (!columns.has(key)) columns.set(key, i);
  });
  const missing = ['Handle', 'Title', 'Variant Price'].filter((c) => !columns.has(c.toLowerCase()));
  if (missing.length > 0) {
    return { ok: false, errors: [{ row: 1, line: header.line, reason: `missing column(s) ${missing.join(', ')}: is this a Shopify product export?` }] };
  }

  const errors: ImportIssue[] = [];
  const groups = new Map<string, Row[]>();
  // Each column name's index, looked up once per name instead of lowercased for every cell read.
  const indexOf = new Map<string, number | undefined>();
  const columnIndex = (column: string): number | undefined => {
    if (indexOf.has(column)) return indexOf.get(column);
    const idx = columns.get(column.toLowerCase());
    indexOf.set(column, idx);
    return idx;
  };
  records.slice(1).forEach((rec, i) => {
    const r: Row = {
      row: i + 2,
      line: rec.line,
      get(column) {
        const idx = columnIndex(column);
        return idx === undefined ? '' : (rec.fields[idx] ?? '').trim();
      },
    };
    if (rec.fields.every((f) => f.trim() === '')) return;
    const handle = r.get('Handle');
    if (handle === '') {
      errors.push(issue(r, 'missing Handle', 'Handle'));
      return;
    }
    const rows = groups.get(handle);
    if (rows) rows.push(r);
    else groups.set(handle, [r]);
  });

  const products: ProductDoc[] = [];
  const variants: VariantDoc[] = [];
  const variantRows = new Map<string, { row: number; line: number }>();
  const skuSeen = new Map<string, number>();
  const gtinSeen = new Map<string, number>();
  const productIdSeen = new Map<string, { handle: string; row: number }>();

  for (const [handle, rows] of groups) {
    checking(rows.length);
    const first = rows[0];
    if (!first) continue;
    const productId = productIdForHandle(handle);
    const clash = productIdSeen.get(productId);
    if (clash) {
      errors.push(issue(first, `handle "${handle}" gives the same product id as handle "${clash.handle}" on row ${clash.row}`, 'Handle'));
      continue;
    }
    productIdSeen.set(productId, { handle, row: first.row });
    const title = first.get('Title');
    if (title === '') errors.push(issue(first, `missing Title on the first row of product "${handle}"`, 'Title'));
    checkLength(errors, first, 'Title', title, 255);
    checkLength(errors, first, 'Handle', handle, 255);
    const brand = first.get('Vendor');
    checkLength(errors, first, 'Vendor', brand, 120);

    // Option names come from the first row; they must be filled left to right.
    const optionNames: string[] = [];
    for (let k = 1; k <= 3; k++) {
      const name = first.get(`Option${k} Name`);
      if (name === '') continue;
      if (optionNames.length !== k - 1) errors.push(issue(first, `Option${k} Name is set but Option${k - 1} Name is empty`, `Option${k} Name`));
      checkLength(errors, first, `Option${k} Name`, name, 60);
      optionNames.push(name);
    }
    const defaultOnly = optionNames.length === 1 && optionNames[0] === 'Title' && rows.every((r) => ['', 'Default Title'].includes(r.get('Option1 Value')));
    const effectiveOptions = defaultOnly ? [] : optionNames;

    const images: { src: string; position: number; order: number }[] = [];
    const productVariants: VariantDoc[] = [];
    const combos = new Map<string, number>();
    let variantRowCount = 0;
    rows.forEach((r, order) => {
      const src = r.get('Image Src');
      if (src !== '') {
        checkLength(errors, r, 'Image Src', src, 1000);
        checkImageUrl(errors, r, 'Image Src', src);
        const pos = Number(r.get('Image Position'));
        images.push({ src, position: Number.isFinite(pos) && r.get('Image Position') !== '' ? pos : Number.MAX_SAFE_INTEGER, order });
      }
      const isVariant = ['Option1 Value', 'Option2 Value', 'Option3 Value', 'Variant SKU', 'Variant Price', 'Variant Barcode', 'Variant Compare At Price'].some((c) => r.get(c) !== '');
      if (!isVariant) return;
      variantRowCount++;

      const optionValues: string[] = [];
      let optionsOk = true;
      for (let k = 1; k <= 3; k++) {
        const value = r.get(`Option${k} Value`);
        const name = effectiveOptions[k - 1];
        if (name !== undefined) {
          if (value === '') {
            errors.push(issue(r, `Option${k} Value is missing but product "${handle}" has option "${name}"`, `Option${k} Value`));
            optionsOk = false;
          } else {
            checkLength(errors, r, `Option${k} Value`, value, 120);
            optionValues.push(value);
          }
        } else if (value !== '' && !(defaultOnly && k === 1)) {
          errors.push(issue(r, `Option${k} Value "${value}" is given but product "${handle}" has no Option${k} Name`, `Option${k} Value`));
          optionsOk = false;
        }
      }
      if (optionsOk) {
        const comboKey = JSON.stringify(optionValues);
        const sameCombo = combos.get(comboKey);
        if (sameCombo !== undefined) errors.push(issue(r, `duplicate variant: option values ${optionValues.length > 0 ? optionValues.join(' / ') : '(none)'} already on row ${sameCombo}`, 'Option1 Value'));
        else combos.set(comboKey, r.row);
      }

      const priceText = r.get('Variant Price');
      let price: Money | null = null;
      if (priceText === '') errors.push(issue(r, 'missing price', 'Variant Price'));
      else {
        price = parsePrice(priceText, currency);
        if (!price) errors.push(issue(r, `bad price "${priceText}": expected a decimal such as 19.99`, 'Variant Price'));
      }
      const compareText = r.get('Variant Compare At Price');
      let compareAtPrice: Money | null = null;
      if (compareText !== '') {
        compareAtPrice = parsePrice(compareText, currency);
        if (!compareAtPrice) errors.push(issue(r, `bad compare-at price "${compareText}": expected a decimal such as 24.99`, 'Variant Compare At Price'));
      }

      const sku = r.get('Variant SKU');
      checkLength(errors, r, 'Variant SKU', sku, 64);
      if (sku !== '') {
        const earlier = skuSeen.get(sku);
        if (earlier !== undefined) errors.push(issue(r, `duplicate SKU "${sku}" (also on row ${earlier})`, 'Variant SKU'));
        else skuSeen.set(sku, r.row);
      }
      const code = validateBarcode(r.get('Variant Barcode'));
      let gtin = '';
      let barcode = '';
      if ('error' in code) errors.push(issue(r, code.error, 'Variant Barcode'));
      else {
        ({ gtin, barcode } = code);
        if (gtin !== '') {
          const earlier = gtinSeen.get(gtin);
          if (earlier !== undefined) errors.push(issue(r, `duplicate barcode "${barcode}" (the same GTIN is on row ${earlier})`, 'Variant Barcode'));
          else gtinSeen.set(gtin, r.row);
        }
      }
      const variantImage = r.get('Variant Image');
      checkLength(errors, r, 'Variant Image', variantImage, 1000);
      checkImageUrl(errors, r, 'Variant Image', variantImage);

      const id = variantIdFor(handle, sku, optionValues);
      if (variantRows.has(id)) {
        errors.push(issue(r, `this variant's id ${id} (from handle and SKU/options) collides with row ${variantRows.get(id)?.row ?? '?'}; make the SKUs distinct`, 'Variant SKU'));
        return;
      }
      variantRows.set(id, { row: r.row, line: r.line });
      if (!price) return;
      productVariants.push({
        id,
        productId,
        sku,
        gtin,
        barcode,
        title: optionValues.length > 0 ? optionValues.join(' / ') : 'Default',
        optionValues,
        price,
        compareAtPrice,
        image: variantImage === '' ? null : variantImage,
        position: productVariants.length,
        updatedAt,
      });
    });

    if (variantRowCount === 0) {
      errors.push(issue(first, `product "${handle}" has no variant rows (no price, SKU, barcode or option values)`, 'Variant Price'));
      continue;
    }
    if (productVariants.length > 1000) errors.push(issue(first, `product "${handle}" has ${productVariants.length} variants; at most 1000 are supported`));

    const options: ProductOption[] = effectiveOptions.map((name, i) => ({
      name,
      values: [...new Set(productVariants.map((v) => v.optionValues[i] ?? ''))],
    }));
    const imageUrls = [...new Set(images.sort((a, b) => a.position - b.position || a.order - b.order).map((im) => im.src))].slice(0, MAX_IMAGES);
    products.push({
      id: productId,
      handle,
      title,
      brand,
      category: categoryOf(first.get('Type'), first.get('Product Category')).slice(0, 120),
      description: htmlToText(first.get('Body (HTML)')).slice(0, 5000),
      options,
      // Without a photo the product gets its generated picture, so devices always have something to show.
      images: imageUrls.length > 0 ? imageUrls : [productImagePath(productId)],
      updatedAt,
    });
    variants.push(...productVariants);
  }

  if (onProgress && shown !== rowCount) onProgress({ phase: 'checking', step: 'rows', records: rowCount, total: rowCount, bytes: 0 });
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.row - b.row) };
  return { ok: true, plan: { products, variants, variantRows } };
}

/** Same content, ignoring updatedAt: such documents are not rewritten. */
function sameContent(stored: unknown, next: { updatedAt: string }): boolean {
  if (typeof stored !== 'object' || stored === null) return false;
  return canonicalJson({ ...stored, updatedAt: '' }) === canonicalJson({ ...next, updatedAt: '' });
}

const asWrite = <T extends { id: string }>(doc: T, scope: string): DocWrite => ({ id: doc.id, scope, data: { ...doc } });

async function catalogConflicts(tx: Queryable, plan: ImportPlan): Promise<ImportIssue[]> {
  const skus = plan.variants.map((v) => v.sku).filter((s) => s !== '');
  const gtins = plan.variants.map((v) => v.gtin).filter((g) => g !== '');
  const productIds = plan.products.map((p) => p.id);
  // Variants of products in this file are replaced by the file, so only other products can conflict.
  const res = await tx.query<{ id: string; product_id: string; sku: string; gtin: string }>(
    `SELECT id, data->>'productId' AS product_id, data->>'sku' AS sku, data->>'gtin' AS gtin FROM docs
     WHERE collection = 'variants' AND NOT deleted AND (data->>'sku' = ANY($1::text[]) OR data->>'gtin' = ANY($2::text[]))
       AND NOT (data->>'productId' = ANY($3::text[]))`,
    [skus, gtins, productIds],
  );
  const bySku = new Map(res.rows.filter((r) => r.sku !== '').map((r) => [r.sku, r]));
  const byGtin = new Map(res.rows.filter((r) => r.gtin !== '').map((r) => [r.gtin, r]));
  const errors: ImportIssue[] = [];
  for (const v of plan.variants) {
    const at = plan.variantRows.get(v.id) ?? { row: 0, line: 0 };
    const skuOwner = v.sku === '' ? undefined : bySku.get(v.sku);
    if (skuOwner) errors.push(issue(at, `SKU "${v.sku}" already belongs to variant ${skuOwner.id} of product ${skuOwner.product_id} in the catalog`, 'Variant SKU'));
    const gtinOwner = v.gtin === '' ? undefined : byGtin.get(v.gtin);
    if (gtinOwner) errors.push(issue(at, `barcode "${v.barcode}" already belongs to variant ${gtinOwner.id} of product ${gtinOwner.product_id} in the catalog`, 'Variant Barcode'));
  }
  return errors.sort((a, b) => a.row - b.row);
}

/** Documents per COPY (copyDocs) when an import writes. */
const WRITE_CHUNK = 20_000;

/** Writes an import's documents in chunks inside its transaction, reporting how many of the total are written. */
class ChunkedWriter {
  private written = 0;
  private shownAt = 0;

  constructor(
    private readonly tx: Transaction,
    private readonly updatedBy: string,
    private readonly total: number,
    private readonly onProgress: ((p: ImportProgress) => void) | undefined,
  ) {
    onProgress?.({ phase: 'writing', records: 0, total, bytes: 0 });
  }

  /**
   * `skipped` counts toward the total without being written (inventory that was already there). `isNew` says which
   * documents have no row in docs at all (not even a deleted one): a chunk of only such documents is copied
   * straight into docs (copyNewDocs), any other chunk upserted (copyDocs). Both assign the same revisions in the
   * same order, so the catalog is the same either way; the straight copy is about a third less database work.
   */
  async write(collection: CollectionName, docs: readonly DocWrite[], skipped = 0, isNew: (d: DocWrite) => boolean = () => false): Promise<void> {
    for (let i = 0; i < docs.length; i += WRITE_CHUNK) {
      const chunk = docs.slice(i, i + WRITE_CHUNK);
      if (chunk.every((d) => d.deleted !== true && isNew(d))) await copyNewDocs(this.tx, collection, chunk.map((d) => ({ id: d.id, scope: d.scope, json: JSON.stringify(d.data) })), this.updatedBy);
      // The same upsert, revisions and NOTIFY as writeDocs, staged with COPY (server/sync/revisions.ts).
      else await copyDocs(this.tx, collection, chunk, this.updatedBy);
      this.advance(chunk.length);
    }
    this.advance(skipped);
  }

  private advance(n: number): void {
    this.written += n;
    if (n === 0 || !this.onProgress) return;
    // About every 5 % (and at the end), so a million-row import prints ~20 lines, not 500.
    if (this.written - this.shownAt >= this.total / 20 || this.written >= this.total) {
      this.shownAt = this.written;
      this.onProgress({ phase: 'writing', records: this.written, total: this.total, bytes: 0 });
    }
  }
}

/** Variant ids asked per query by inventoryOf. */
const LOOKUP_CHUNK = 20_000;

/**
 * The inventory rows already in docs for these variants (id → deleted), read through the variant index before the
 * import writes anything. Asked chunk by chunk while writing (by id, as it was), the same lookup grew slower with
 * every chunk: the planner, holding statistics from before the import, scanned the inventory index whole, so each
 * chunk read every row the import had written so far. At 1,000,000 variants × 10 stores that made the import
 * 39 min with 2,130 s of PostgreSQL CPU (test/bench/results/bulk-load-1000000.json). Here the table has not grown
 * yet, and the condition is the variant index's own key, so every plan is a lookup. Inventory ids are
 * inventoryId(storeId, variantId) (the import and stock changes build them with it, the seed the same way).
 */
async function inventoryOf(tx: Transaction, variantIds: readonly string[]): Promise<Map<string, boolean>> {
  const present = new Map<string, boolean>();
  for (let i = 0; i < variantIds.length; i += LOOKUP_CHUNK) {
    const res = await tx.query<{ id: string; deleted: boolean }>(
      `SELECT id, deleted FROM docs WHERE collection = 'inventory' AND data->>'variantId' = ANY($1::text[])`,
      [variantIds.slice(i, i + LOOKUP_CHUNK)],
    );
    for (const r of res.rows) present.set(r.id, r.deleted);
  }
  return present;
}

/** Thrown inside the transaction to roll back when the catalog checks fail; never escapes importShopifyCsv. */
class RejectedImport extends Error {
  constructor(readonly errors: ImportIssue[]) {
    super('import rejected');
  }
}

/** Imports a CSV given as text, or streamed from a file (then with progress). */
export async function importShopifyCsv(db: Db, input: string | Readable, options: ImportOptions = {}): Promise<ImportResult> {
  const planned = typeof input === 'string' ? planShopifyImport(input, options) : await planShopifyImportStream(input, options);
  if (!planned.ok) return planned;
  const { plan } = planned;
  const updatedBy = options.updatedBy ?? 'import';
  try {
    return await db.transaction(async (tx) => {
      // Take the writers' lock before checking, so no other write can claim one of these SKUs or barcodes
      // between the check and the write (writeDocs takes the same lock again; it is re-entrant).
      await tx.query('SELECT pg_advisory_xact_lock($1)', [REVISION_LOCK]);
      options.onProgress?.({ phase: 'checking', step: 'catalog', records: plan.variants.length, bytes: 0 });
      const conflicts = await catalogConflicts(tx, plan);
      if (conflicts.length > 0) throw new RejectedImport(conflicts);

      const productIds = plan.products.map((p) => p.id);
      const existingProducts = await tx.query<{ id: string; data: unknown; deleted: boolean }>(
        `SELECT id, data, deleted FROM docs WHERE collection = 'products' AND id = ANY($1::text[])`,
        [productIds],
      );
      const productById = new Map(existingProducts.rows.map((r) => [r.id, r]));
      const existingVariants = await tx.query<{ id: string; data: unknown; deleted: boolean }>(
        `SELECT id, data, deleted FROM docs WHERE collection = 'variants' AND (id = ANY($1::text[]) OR data->>'productId' = ANY($2::text[]))`,
        [plan.variants.map((v) => v.id), productIds],
      );
      const variantById = new Map(existingVariants.rows.map((r) => [r.id, r]));

      const created: ImportCounts = { products: 0, variants: 0 };
      const updated: ImportCounts = { products: 0, variants: 0 };
      const unchanged: ImportCounts = { products: 0, variants: 0 };
      const productWrites: DocWrite[] = [];
      for (const p of plan.products) {
        const stored = productById.get(p.id);
        if (!stored || stored.deleted) created.products++;
        else if (sameContent(stored.data, p)) {
          unchanged.products++;
          continue;
        } else updated.products++;
        productWrites.push(asWrite(p, ''));
      }
      const variantWrites: DocWrite[] = [];
      const newVariantIds: string[] = [];
      for (const v of plan.variants) {
        const stored = variantById.get(v.id);
        if (!stored || stored.deleted) {
          created.variants++;
          newVariantIds.push(v.id);
        } else if (sameContent(stored.data, v)) {
          unchanged.variants++;
          continue;
        } else updated.variants++;
        variantWrites.push(asWrite(v, ''));
      }
      const inFile = new Set(plan.variants.map((v) => v.id));
      const removed = existingVariants.rows.filter((r) => !r.deleted && !inFile.has(r.id));
      for (const r of removed) {
        const data = typeof r.data === 'object' && r.data !== null ? { ...r.data, updatedAt: options.now ?? new Date().toISOString() } : {};
        variantWrites.push({ id: r.id, scope: '', data, deleted: true });
      }

      const removedStock: DocWrite[] = [];
      if (removed.length > 0) {
        const stock = await tx.query<{ id: string; scope: string; data: unknown }>(
          `SELECT id, scope, data FROM docs WHERE collection = 'inventory' AND NOT deleted AND data->>'variantId' = ANY($1::text[])`,
          [removed.map((r) => r.id)],
        );
        for (const s of stock.rows) {
          const data = typeof s.data === 'object' && s.data !== null ? { ...s.data, updatedAt: options.now ?? new Date().toISOString() } : {};
          removedStock.push({ id: s.id, scope: s.scope, data, deleted: true });
        }
      }
      const stores = newVariantIds.length === 0 ? [] : (await tx.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' AND NOT deleted ORDER BY id`)).rows;
      const present = stores.length === 0 ? new Map<string, boolean>() : await inventoryOf(tx, newVariantIds);

      // Written in chunks inside this one transaction, with progress: a million new variants at 10 stores is
      // 10M inventory rows, built a chunk of variants at a time instead of all at once (memory stays bounded).
      const total = productWrites.length + variantWrites.length + removedStock.length + stores.length * newVariantIds.length;
      const writer = new ChunkedWriter(tx, updatedBy, total, options.onProgress);
      // Under the writers' lock since before the reads above: an id absent then is absent now.
      await writer.write('products', productWrites, 0, (d) => !productById.has(d.id));
      await writer.write('variants', variantWrites, 0, (d) => !variantById.has(d.id));
      await writer.write('inventory', removedStock);
      let inventoryCreated = 0;
      const updatedAt = plan.products[0]?.updatedAt ?? new Date().toISOString();
      const variantsPerChunk = Math.max(1, Math.floor(WRITE_CHUNK / Math.max(1, stores.length)));
      for (let i = 0; i < newVariantIds.length; i += variantsPerChunk) {
        const wanted = stores.flatMap((s) => newVariantIds.slice(i, i + variantsPerChunk).map((variantId) => ({ storeId: s.id, variantId, id: inventoryId(s.id, variantId) })));
        const writes: DocWrite[] = [];
        for (const w of wanted) {
          // Keep stock already recorded for a variant that comes back after being removed.
          if (present.get(w.id) === false) continue;
          writes.push({ id: w.id, scope: w.storeId, data: { id: w.id, storeId: w.storeId, variantId: w.variantId, onHand: 0, reserved: 0, available: 0, updatedAt } });
        }
        inventoryCreated += writes.length;
        await writer.write('inventory', writes, wanted.length - writes.length, (d) => !present.has(d.id));
      }
      return {
        ok: true as const,
        products: plan.products.length,
        variants: plan.variants.length,
        created,
        updated,
        unchanged,
        removedVariants: removed.length,
        inventoryCreated,
      };
    });
  } catch (err) {
    if (err instanceof RejectedImport) return { ok: false, errors: err.errors };
    throw err;
  }
}
