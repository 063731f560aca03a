/**
 * Shopify product CSV rows of the demo catalog (server/seed/demo.ts), as Shopify's export writes them: a product's
 * first row carries its fields and option names, the next rows only the handle, option values and variant fields.
 * Used by test/bench/shopifyCsv.ts (a million-variant file for timing the import) and the import's tests.
 */
import { iterateDemoCatalog } from './demo';
import type { ProductDoc, VariantDoc } from '../../shared/schemas/collections';

export const SHOPIFY_COLUMNS = [
  'Handle', 'Title', 'Body (HTML)', 'Vendor', 'Product Category', 'Type', 'Tags', 'Published',
  'Option1 Name', 'Option1 Value', 'Option2 Name', 'Option2 Value', 'Option3 Name', 'Option3 Value',
  'Variant SKU', 'Variant Grams', 'Variant Inventory Tracker', 'Variant Inventory Qty', 'Variant Inventory Policy',
  'Variant Fulfillment Service', 'Variant Price', 'Variant Compare At Price', 'Variant Requires Shipping',
  'Variant Taxable', 'Variant Barcode', 'Image Src', 'Image Position', 'Image Alt Text', 'Gift Card', 'SEO Title',
  'SEO Description', 'Variant Image', 'Variant Weight Unit', 'Variant Tax Code', 'Cost per item', 'Status',
] as const;
type Column = (typeof SHOPIFY_COLUMNS)[number];

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const decimal = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

export interface RowOptions {
  /** Put before every handle and SKU (a test's file next to the demo catalog). */
  prefix?: string;
  /** false: leave the barcode cells empty. */
  barcodes?: boolean;
}

/** The CSV rows of one product (first row with the product's fields). */
export function productRows(product: ProductDoc, variants: readonly VariantDoc[], options: RowOptions = {}): string {
  const prefix = options.prefix ?? '';
  let out = '';
  variants.forEach((v, i) => {
    const row: Partial<Record<Column, string>> = {
      Handle: prefix + product.handle,
      'Variant SKU': prefix + v.sku,
      'Variant Price': decimal(v.price.amount),
      'Variant Compare At Price': v.compareAtPrice ? decimal(v.compareAtPrice.amount) : '',
      // Shopify exports a barcode cell that starts with 0 with an apostrophe, so spreadsheets keep the zero.
      'Variant Barcode': options.barcodes === false ? '' : v.barcode.startsWith('0') ? `'${v.barcode}` : v.barcode,
      'Variant Inventory Tracker': 'shopify',
      'Variant Inventory Policy': 'deny',
      'Variant Fulfillment Service': 'manual',
      'Variant Requires Shipping': 'TRUE',
      'Variant Taxable': 'TRUE',
    };
    product.options.forEach((o, k) => {
      row[`Option${k + 1} Value` as Column] = v.optionValues[k] ?? '';
    });
    if (product.options.length === 0) row['Option1 Value'] = 'Default Title';
    if (i === 0) {
      Object.assign(row, {
        Title: product.title,
        'Body (HTML)': `<p>${product.description}</p>`,
        Vendor: product.brand,
        Type: product.category,
        Published: 'TRUE',
        'Gift Card': 'FALSE',
        Status: 'active',
      });
      product.options.forEach((o, k) => {
        row[`Option${k + 1} Name` as Column] = o.name;
      });
      if (product.options.length === 0) row['Option1 Name'] = 'Title';
    }
    out += SHOPIFY_COLUMNS.map((c) => cell(row[c] ?? '')).join(',') + '\n';
  });
  return out;
}

/** A whole file of the demo catalog's first `variants` variants, as one string (small files, for tests). */
export function demoShopifyCsv(variants: number, options: RowOptions & { seed?: number } = {}): string {
  let out = SHOPIFY_COLUMNS.join(',') + '\n';
  for (const { product, variants: vs } of iterateDemoCatalog({ seed: options.seed ?? 42, variants, stores: 1 })) out += productRows(product, vs, options);
  return out;
}
