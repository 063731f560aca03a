/**
 * GTIN-14 → variant, in memory, so a scan opens its product without first waiting for an IndexedDB lookup
 * (the scan → detail budget is 50 ms). 100k variants cost ~15–20 MB here. Filled from the local database in
 * pages at startup and kept in step with the variants collection's change events (never rebuilt). It is the only
 * way barcodes are looked up: variants keeps no gtin index (write cost on the first sync), so callers wait for
 * `ready` while it loads.
 */
import type { Subscription } from 'rxjs';
import type { RxCollection } from 'rxdb/plugins/core';
import type { VariantDoc } from '../../shared/schemas/collections';
import { readAllPages } from './bulkRead';

export interface VariantRef {
  productId: string;
  variantId: string;
}

const PAGE = 5000;

/** Applies one change to a gtin map; pure, so the bookkeeping for a changed or removed barcode is testable. */
export function applyVariantChange(
  map: Map<string, VariantRef>,
  op: 'INSERT' | 'UPDATE' | 'DELETE',
  doc: Pick<VariantDoc, 'id' | 'productId' | 'gtin'> | undefined,
  previous: Pick<VariantDoc, 'id' | 'gtin'> | undefined,
): void {
  if (previous && previous.gtin !== '' && map.get(previous.gtin)?.variantId === previous.id) map.delete(previous.gtin);
  if (op !== 'DELETE' && doc && doc.gtin !== '') map.set(doc.gtin, { productId: doc.productId, variantId: doc.id });
}

export class BarcodeMap {
  readonly map = new Map<string, VariantRef>();
  readonly ready: Promise<void>;
  filled = false;
  private subscription: Subscription | null = null;
  private closed = false;

  constructor(private readonly variants: RxCollection<VariantDoc>) {
    this.ready = this.fill();
  }

  get(gtin14: string): VariantRef | undefined | null {
    // null: not known yet (still filling), ask the database instead.
    if (!this.filled) return null;
    return this.map.get(gtin14);
  }

  private async fill(): Promise<void> {
    const queued: [op: 'INSERT' | 'UPDATE' | 'DELETE', doc: VariantDoc | undefined, previous: VariantDoc | undefined][] = [];
    this.subscription = this.variants.$.subscribe((e) => {
      const item: (typeof queued)[number] = [e.operation, e.operation === 'DELETE' ? undefined : e.documentData, e.previousDocumentData];
      if (this.filled) applyVariantChange(this.map, ...item);
      else queued.push(item);
    });
    await readAllPages(this.variants, PAGE, (rows) => {
      for (const { id, productId, gtin } of rows) {
        if (typeof id === 'string' && typeof productId === 'string' && typeof gtin === 'string' && gtin !== '' && !this.map.has(gtin)) this.map.set(gtin, { productId, variantId: id });
      }
    }, () => this.closed);
    if (this.closed) return;
    for (const item of queued) applyVariantChange(this.map, ...item);
    this.filled = true;
  }

  close(): void {
    this.closed = true;
    this.subscription?.unsubscribe();
  }
}
