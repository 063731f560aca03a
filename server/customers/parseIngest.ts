/**
 * Parsing the customer ingest batches (shared/customers/api.ts) from unknown. All or nothing: every bad field of
 * every record is collected (reported up to MAX_REPORTED_ISSUES), and the batch is refused before anything is
 * stored. A full card number anywhere refuses the batch as well.
 */
import { AisleError, type FieldIssue } from '../../shared/errors';
import { CONSENT_METHODS, LOYALTY_TIERS, type Consent, type SizePreference } from '../../shared/customers/types';
import { MAX_BATCH, MAX_REPORTED_ISSUES } from '../../shared/customers/api';
import { ORDER_CHANNELS, type OrderChannel } from '../../shared/orders/types';
import { findCardNumbers } from '../../shared/orders/pan';
import { normaliseEmail, normaliseLoyalty, normalisePhone } from '../../shared/customers/identity';
import type { CustomerFields } from './identity';

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Issues {
  list: FieldIssue[];
  add(path: string, message: string): void;
}

function collector(): Issues {
  const list: FieldIssue[] = [];
  return { list, add: (path, message) => void list.push({ path, message }) };
}

function fail(issues: Issues, what: string): never {
  const shown = issues.list.slice(0, MAX_REPORTED_ISSUES);
  throw new AisleError('VALIDATION_FAILED', `${issues.list.length} invalid field(s) in the ${what}; nothing was stored${issues.list.length > shown.length ? ` (first ${shown.length} shown)` : ''}`, shown);
}

function batch(body: unknown, key: string, issues: Issues): unknown[] {
  for (const path of findCardNumbers(body)) issues.add(path, 'looks like a full card number: Aisle never stores one');
  if (!isRecord(body) || !Array.isArray(body[key])) {
    issues.add(`/${key}`, `must be an array of at most ${MAX_BATCH}`);
    return [];
  }
  const items = body[key] as unknown[];
  if (items.length === 0 || items.length > MAX_BATCH) issues.add(`/${key}`, `must hold 1 to ${MAX_BATCH} items`);
  return items.slice(0, MAX_BATCH);
}

function text(o: Rec, k: string, p: string, issues: Issues, max: number, required = false): string | undefined {
  const v = o[k];
  if (v === undefined || v === null) {
    if (required) issues.add(`${p}/${k}`, 'is required');
    return undefined;
  }
  if (typeof v !== 'string') {
    issues.add(`${p}/${k}`, 'must be a string');
    return undefined;
  }
  const t = v.trim();
  if (t.length > max) issues.add(`${p}/${k}`, `must be at most ${max} characters`);
  else if (required && t === '') issues.add(`${p}/${k}`, 'must not be empty');
  return t;
}

export function time(o: Rec, k: string, p: string, issues: Issues, now: Date, required = true): string | undefined {
  const v = o[k];
  if (v === undefined && !required) return undefined;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) issues.add(`${p}/${k}`, 'must be an ISO 8601 time');
  else if (t > now.getTime() + 5 * 60_000) issues.add(`${p}/${k}`, 'must not be in the future');
  else return new Date(t).toISOString();
  return undefined;
}

function consent(v: unknown, p: string, issues: Issues, channel: OrderChannel, now: Date): Consent | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v)) {
    issues.add(p, 'must be {granted, at, method, channel?, storeId?}');
    return undefined;
  }
  if (typeof v['granted'] !== 'boolean') issues.add(`${p}/granted`, 'must be true or false');
  const at = time(v, 'at', p, issues, now);
  const method = CONSENT_METHODS.find((m) => m === v['method']);
  if (!method) issues.add(`${p}/method`, `must be one of ${CONSENT_METHODS.join(', ')}`);
  const ch = v['channel'] === undefined ? channel : ORDER_CHANNELS.find((c) => c === v['channel']);
  if (!ch) issues.add(`${p}/channel`, 'must be web, app or store');
  const storeId = text(v, 'storeId', p, issues, 64) ?? '';
  if (typeof v['granted'] !== 'boolean' || !at || !method || !ch) return undefined;
  return { granted: v['granted'], at, channel: ch, storeId, method };
}

export interface ParsedCustomer extends CustomerFields {
  channelCustomerId: string;
}

export function parseCustomerBatch(body: unknown, channel: OrderChannel, now: Date): ParsedCustomer[] {
  const issues = collector();
  const out: ParsedCustomer[] = [];
  batch(body, 'customers', issues).forEach((raw, i) => {
    const p = `/customers/${i}`;
    if (!isRecord(raw)) return issues.add(p, 'must be an object');
    const f: ParsedCustomer = { channelCustomerId: text(raw, 'id', p, issues, 128, true) ?? '' };
    const first = text(raw, 'firstName', p, issues, 100);
    if (first !== undefined) f.firstName = first;
    const last = text(raw, 'lastName', p, issues, 100);
    if (last !== undefined) f.lastName = last;
    const email = text(raw, 'email', p, issues, 254);
    if (email) {
      const n = normaliseEmail(email);
      if (n) f.email = n;
      else issues.add(`${p}/email`, 'must be an e-mail address');
    }
    const phone = text(raw, 'phone', p, issues, 32);
    if (phone) {
      const n = normalisePhone(phone);
      if (n) f.phone = n;
      else issues.add(`${p}/phone`, 'must be a phone number (E.164 or national with the retailer’s country)');
    }
    const loyalty = text(raw, 'loyaltyNumber', p, issues, 32);
    if (loyalty) {
      const n = normaliseLoyalty(loyalty);
      if (n) f.loyaltyNumber = n;
      else issues.add(`${p}/loyaltyNumber`, 'must be a loyalty card number (13 digits, 2999…)');
    }
    if (raw['tier'] !== undefined) {
      const tier = LOYALTY_TIERS.find((t) => t === raw['tier']);
      if (tier) f.tier = tier;
      else issues.add(`${p}/tier`, `must be one of ${LOYALTY_TIERS.join(', ')}`);
    }
    if (raw['points'] !== undefined) {
      const pts = raw['points'];
      if (typeof pts === 'number' && Number.isSafeInteger(pts) && pts >= 0 && pts <= 1e9) f.points = pts;
      else issues.add(`${p}/points`, 'must be a whole number from 0');
    }
    if (raw['storeCredit'] !== undefined) {
      const sc = raw['storeCredit'];
      if (isRecord(sc) && typeof sc['amount'] === 'number' && Number.isSafeInteger(sc['amount']) && sc['amount'] >= 0 && typeof sc['currency'] === 'string' && /^[A-Z]{3}$/.test(sc['currency'])) f.storeCredit = { amount: sc['amount'], currency: sc['currency'] };
      else issues.add(`${p}/storeCredit`, 'must be {amount (non-negative minor units), currency}');
    }
    const home = text(raw, 'homeStoreId', p, issues, 64);
    if (home !== undefined) f.homeStoreId = home;
    if (raw['consents'] !== undefined) {
      const cs = raw['consents'];
      if (!isRecord(cs)) issues.add(`${p}/consents`, 'must be {email?, sms?}');
      else {
        const e = consent(cs['email'], `${p}/consents/email`, issues, channel, now);
        const s = consent(cs['sms'], `${p}/consents/sms`, issues, channel, now);
        f.consents = { ...(e ? { email: e } : {}), ...(s ? { sms: s } : {}) };
      }
    }
    if (raw['sizes'] !== undefined) {
      const sz = raw['sizes'];
      if (!Array.isArray(sz) || sz.length > 30) issues.add(`${p}/sizes`, 'must be an array of at most 30 {category, size}');
      else {
        const sizes: SizePreference[] = [];
        sz.forEach((s: unknown, j) => {
          if (!isRecord(s)) return issues.add(`${p}/sizes/${j}`, 'must be {category, size}');
          const category = text(s, 'category', `${p}/sizes/${j}`, issues, 120, true);
          const size = text(s, 'size', `${p}/sizes/${j}`, issues, 20, true);
          if (category && size) sizes.push({ category, size });
        });
        f.sizes = sizes;
      }
    }
    const since = time(raw, 'memberSince', p, issues, now, false);
    if (since) f.memberSince = since;
    out.push(f);
  });
  if (issues.list.length > 0) fail(issues, 'customer batch');
  return out;
}

export interface ParsedRef {
  channelCustomerId?: string;
  customerId?: string;
}

function ref(raw: Rec, p: string, issues: Issues): ParsedRef {
  const c = text(raw, 'channelCustomerId', p, issues, 128);
  const a = text(raw, 'customerId', p, issues, 64);
  if (!c && !a) issues.add(`${p}/channelCustomerId`, 'is required (or customerId)');
  return { ...(c ? { channelCustomerId: c } : {}), ...(a ? { customerId: a } : {}) };
}

export interface ParsedWishlistChange extends ParsedRef {
  op: 'add' | 'remove';
  sku: string;
  at: string;
  price: { amount: number; currency: string } | null;
}

export function parseWishlistBatch(body: unknown, now: Date): ParsedWishlistChange[] {
  const issues = collector();
  const out: ParsedWishlistChange[] = [];
  batch(body, 'changes', issues).forEach((raw, i) => {
    const p = `/changes/${i}`;
    if (!isRecord(raw)) return issues.add(p, 'must be an object');
    const r = ref(raw, p, issues);
    const op = raw['op'] === 'add' || raw['op'] === 'remove' ? raw['op'] : null;
    if (!op) issues.add(`${p}/op`, 'must be "add" or "remove"');
    const sku = text(raw, 'sku', p, issues, 64, true) ?? '';
    const at = time(raw, 'at', p, issues, now);
    let price: ParsedWishlistChange['price'] = null;
    const pr = raw['priceWhenAdded'];
    if (pr !== undefined) {
      if (isRecord(pr) && typeof pr['amount'] === 'number' && Number.isSafeInteger(pr['amount']) && pr['amount'] >= 0 && typeof pr['currency'] === 'string' && /^[A-Z]{3}$/.test(pr['currency'])) price = { amount: pr['amount'], currency: pr['currency'] };
      else issues.add(`${p}/priceWhenAdded`, 'must be {amount (minor units), currency}');
    }
    if (op && at) out.push({ ...r, op, sku, at, price });
  });
  if (issues.list.length > 0) fail(issues, 'wishlist batch');
  return out;
}

export interface ParsedActivity extends ParsedRef {
  type: 'view' | 'cart-add' | 'cart-remove' | 'cart';
  sku: string;
  at: string;
  lines: { sku: string; quantity: number; unitPrice: { amount: number; currency: string } }[];
}

export const ACTIVITY_WINDOW_DAYS = 90;

export function parseActivityBatch(body: unknown, now: Date): ParsedActivity[] {
  const issues = collector();
  const out: ParsedActivity[] = [];
  const oldest = now.getTime() - ACTIVITY_WINDOW_DAYS * 86_400_000;
  batch(body, 'events', issues).forEach((raw, i) => {
    const p = `/events/${i}`;
    if (!isRecord(raw)) return issues.add(p, 'must be an object');
    const r = ref(raw, p, issues);
    const type = (['view', 'cart-add', 'cart-remove', 'cart'] as const).find((t) => t === raw['type']);
    if (!type) issues.add(`${p}/type`, 'must be view, cart-add, cart-remove or cart');
    const at = time(raw, 'at', p, issues, now);
    if (at && Date.parse(at) < oldest) issues.add(`${p}/at`, `is older than the ${ACTIVITY_WINDOW_DAYS}-day activity window`);
    const sku = type === 'cart' ? '' : (text(raw, 'sku', p, issues, 64, true) ?? '');
    const lines: ParsedActivity['lines'] = [];
    if (type === 'cart') {
      const ls = raw['lines'];
      if (!Array.isArray(ls) || ls.length > 100) issues.add(`${p}/lines`, 'must be an array of at most 100 {sku, quantity, unitPrice}');
      else
        ls.forEach((l: unknown, j) => {
          const lp = `${p}/lines/${j}`;
          if (!isRecord(l)) return issues.add(lp, 'must be {sku, quantity, unitPrice}');
          const s = text(l, 'sku', lp, issues, 64, true);
          const q = l['quantity'];
          if (!(typeof q === 'number' && Number.isSafeInteger(q) && q >= 1 && q <= 1000)) issues.add(`${lp}/quantity`, 'must be a whole number from 1 to 1000');
          const up = l['unitPrice'];
          const okPrice = isRecord(up) && typeof up['amount'] === 'number' && Number.isSafeInteger(up['amount']) && up['amount'] >= 0 && typeof up['currency'] === 'string' && /^[A-Z]{3}$/.test(up['currency']);
          if (!okPrice) issues.add(`${lp}/unitPrice`, 'must be {amount (minor units), currency}');
          if (s && typeof q === 'number' && okPrice) lines.push({ sku: s, quantity: q, unitPrice: { amount: up['amount'] as number, currency: up['currency'] as string } });
        });
    }
    if (type && at) out.push({ ...r, type, sku, at, lines });
  });
  if (issues.list.length > 0) fail(issues, 'activity batch');
  return out;
}
