/**
 * The body of POST /api/v1/orders (shared/orders/api.ts), parsed from unknown: every problem is reported with its
 * path, nothing is assumed about the shape beforehand. One parser for every channel and fulfilment; the pickup
 * body of before (channel web/app, pickupStoreId, customer, lines) parses to a pickup order unchanged.
 */
import { AisleError, type FieldIssue } from '../../shared/errors';
import type { PickupCustomer } from '../../shared/pickup/types';
import type { Money } from '../../shared/money';
import { CARD_BRANDS, FULFILMENT_TYPES, ORDER_CHANNELS, TENDER_TYPES, type CardBrand, type FulfilmentType, type OrderChannel, type TenderType } from '../../shared/orders/types';
import { findCardNumbers } from '../../shared/orders/pan';
import { normaliseEmail, normaliseLoyalty } from '../../shared/customers/identity';
import { MAX_REPORTED_ISSUES } from '../../shared/customers/api';

/** What an order number may be (the generated ones too: `W-12345678`); the customer lookup relies on it. */
export const ORDER_NUMBER_PATTERN = /^[A-Za-z0-9_-]+$/;

export interface OrderLineInput {
  sku: string;
  quantity: number;
  unitPrice: Money;
  discount: number;
  tax: number | null;
}

export interface TenderParsed {
  type: TenderType;
  amount: number;
  brand: CardBrand | '';
  last4: string;
}

export interface OrderInput {
  channel: OrderChannel;
  orderNumber: string | null;
  fulfilment: FulfilmentType;
  /** The store that sells (in-store) or collects (pickup); '' for a shipment. */
  storeId: string;
  /** For pickups: name and e-mail are required (the counter hands over to them). Empty strings when not given. */
  customer: PickupCustomer & { loyaltyNumber: string };
  /** Whether any customer was sent (a store sale may be a guest's). */
  hasCustomer: boolean;
  placedAt: string | null;
  discount: number;
  tax: number | null;
  lines: OrderLineInput[];
  tenders: TenderParsed[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

export function parseOrderBody(body: unknown, now: Date = new Date()): OrderInput {
  const issues: FieldIssue[] = [];
  if (!isRecord(body)) throw new AisleError('VALIDATION_FAILED', 'the order must be a JSON object', [{ path: '/', message: 'must be an object' }]);
  // Never more than brand and last 4: a full card number anywhere refuses the whole order.
  for (const path of findCardNumbers(body)) issues.push({ path, message: 'looks like a full card number: send only the card brand and last 4 digits' });
  const str = (obj: Record<string, unknown>, key: string, path: string, max: number, opts: { optional?: boolean; pattern?: RegExp; hint?: string } = {}): string => {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (!opts.optional) issues.push({ path: `${path}/${key}`, message: 'is required' });
      return '';
    }
    if (typeof v !== 'string') {
      issues.push({ path: `${path}/${key}`, message: 'must be a string' });
      return '';
    }
    const t = v.trim();
    if (!opts.optional && t === '') issues.push({ path: `${path}/${key}`, message: 'must not be empty' });
    else if (t.length > max) issues.push({ path: `${path}/${key}`, message: `must be at most ${max} characters` });
    else if (t !== '' && opts.pattern && !opts.pattern.test(t)) issues.push({ path: `${path}/${key}`, message: opts.hint ?? 'has the wrong format' });
    return t;
  };
  const amount = (key: string, path: string, obj: Record<string, unknown> = body): number | null => {
    const v = obj[key];
    if (v === undefined || v === null) return null;
    if (!isInt(v, 0, 1e11)) {
      issues.push({ path: `${path}/${key}`, message: 'must be a non-negative integer of minor units (cents)' });
      return null;
    }
    return v;
  };

  const rawChannel = body['channel'];
  const channel = ORDER_CHANNELS.find((c) => c === rawChannel);
  if (!channel) issues.push({ path: '/channel', message: 'must be "web", "app" or "store"' });
  const orderNumber = str(body, 'orderNumber', '', 64, { optional: true, pattern: ORDER_NUMBER_PATTERN, hint: 'must be letters, digits, _ or -' });

  // Fulfilment: explicit, or the default the pickup API always had (a store's POS: a sale at the till).
  const f = body['fulfilment'];
  let fulfilment: FulfilmentType = channel === 'store' ? 'in-store' : 'pickup';
  let storeId = '';
  if (f !== undefined) {
    if (!isRecord(f) || !FULFILMENT_TYPES.some((t) => t === f['type'])) issues.push({ path: '/fulfilment/type', message: 'must be "ship", "pickup" or "in-store"' });
    else {
      fulfilment = f['type'] as FulfilmentType;
      storeId = str(f, 'storeId', '/fulfilment', 64, { optional: true });
    }
  }
  if (fulfilment === 'pickup' && storeId === '') storeId = str(body, 'pickupStoreId', '', 64);
  if (fulfilment === 'in-store' && storeId === '') storeId = str(body, 'storeId', '', 64);
  if (fulfilment === 'in-store' && channel && channel !== 'store') issues.push({ path: '/fulfilment/type', message: 'an in-store sale comes from the store channel (the POS)' });
  if (fulfilment === 'ship') storeId = '';

  let placedAt: string | null = null;
  const rawPlaced = body['placedAt'];
  if (rawPlaced !== undefined) {
    const t = typeof rawPlaced === 'string' ? Date.parse(rawPlaced) : NaN;
    if (Number.isNaN(t)) issues.push({ path: '/placedAt', message: 'must be an ISO 8601 time' });
    else if (t > now.getTime() + 5 * 60_000) issues.push({ path: '/placedAt', message: 'must not be in the future' });
    else placedAt = new Date(t).toISOString();
  }

  const customer = { id: '', firstName: '', lastName: '', email: '', phone: '', loyaltyNumber: '' };
  const c = body['customer'];
  const needCustomer = fulfilment === 'pickup';
  const hasCustomer = c !== undefined && c !== null;
  if (!hasCustomer && needCustomer) issues.push({ path: '/customer', message: 'must be an object {id, firstName, lastName, email, phone}' });
  else if (hasCustomer && !isRecord(c)) issues.push({ path: '/customer', message: 'must be an object {id, firstName, lastName, email, phone}' });
  else if (isRecord(c)) {
    customer.id = str(c, 'id', '/customer', 128, { optional: !needCustomer });
    customer.firstName = str(c, 'firstName', '/customer', 100, { optional: !needCustomer });
    customer.lastName = str(c, 'lastName', '/customer', 100, { optional: !needCustomer });
    const email = str(c, 'email', '/customer', 254, { optional: !needCustomer });
    if (email !== '') {
      const n = normaliseEmail(email);
      if (n === null) issues.push({ path: '/customer/email', message: 'must be an e-mail address' });
      else customer.email = n;
    }
    // Kept as given on the pickup (the counter shows it); the customer record stores it as E.164 when it is a
    // possible number (server/orders/createOrder.ts), and otherwise does not match or store it.
    customer.phone = str(c, 'phone', '/customer', 32, { optional: true, pattern: /^\+?[0-9 ()-]{5,}$/, hint: 'must be a phone number' });
    const loyalty = str(c, 'loyaltyNumber', '/customer', 32, { optional: true });
    if (loyalty !== '') {
      const n = normaliseLoyalty(loyalty);
      if (n === null) issues.push({ path: '/customer/loyaltyNumber', message: 'must be a loyalty card number (13 digits, 2999…)' });
      else customer.loyaltyNumber = n;
    }
  }

  const discount = amount('discount', '') ?? 0;
  const tax = amount('tax', '');

  const lines: OrderLineInput[] = [];
  const rawLines = body['lines'];
  if (!Array.isArray(rawLines) || rawLines.length === 0) issues.push({ path: '/lines', message: 'must be a non-empty array' });
  else if (rawLines.length > 100) issues.push({ path: '/lines', message: 'at most 100 lines' });
  else {
    rawLines.forEach((l: unknown, i) => {
      const p = `/lines/${i}`;
      if (!isRecord(l)) {
        issues.push({ path: p, message: 'must be an object {sku, quantity, unitPrice}' });
        return;
      }
      const sku = str(l, 'sku', p, 64);
      const q = l['quantity'];
      const quantityOk = isInt(q, 1, 1000);
      if (!quantityOk) issues.push({ path: `${p}/quantity`, message: 'must be a whole number from 1 to 1000' });
      const up = l['unitPrice'];
      let unitPrice: Money = { amount: 0, currency: 'USD' };
      if (!isRecord(up)) issues.push({ path: `${p}/unitPrice`, message: 'must be {amount (integer minor units), currency}' });
      else {
        const a = up['amount'];
        const currency = up['currency'];
        if (!isInt(a, 0, 1e11)) issues.push({ path: `${p}/unitPrice/amount`, message: 'must be a non-negative integer of minor units (cents)' });
        if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) issues.push({ path: `${p}/unitPrice/currency`, message: 'must be an ISO 4217 code such as USD' });
        if (typeof a === 'number' && typeof currency === 'string') unitPrice = { amount: a, currency };
      }
      const lineDiscount = amount('discount', p, l) ?? 0;
      if (quantityOk && lineDiscount > unitPrice.amount * q) issues.push({ path: `${p}/discount`, message: 'must not exceed quantity × unitPrice' });
      lines.push({ sku, quantity: quantityOk ? q : 0, unitPrice, discount: lineDiscount, tax: amount('tax', p, l) });
    });
    const currencies = new Set(lines.map((l) => l.unitPrice.currency));
    if (currencies.size > 1) issues.push({ path: '/lines', message: 'all lines must use one currency' });
    const afterLineDiscounts = lines.reduce((a, l) => a + l.unitPrice.amount * l.quantity - l.discount, 0);
    if (discount > afterLineDiscounts) issues.push({ path: '/discount', message: 'must not exceed the lines’ total' });
    if (tax !== null && lines.some((l) => l.tax !== null)) issues.push({ path: '/tax', message: 'give tax on the order or on its lines, not both' });
  }

  const tenders: TenderParsed[] = [];
  const rawTenders = body['tenders'];
  if (rawTenders !== undefined) {
    if (!Array.isArray(rawTenders) || rawTenders.length > 20) issues.push({ path: '/tenders', message: 'must be an array of at most 20 tenders' });
    else
      rawTenders.forEach((t: unknown, i) => {
        const p = `/tenders/${i}`;
        if (!isRecord(t)) {
          issues.push({ path: p, message: 'must be an object {type, amount, brand?, last4?}' });
          return;
        }
        const type = TENDER_TYPES.find((x) => x === t['type']);
        if (!type) issues.push({ path: `${p}/type`, message: `must be one of ${TENDER_TYPES.join(', ')}` });
        const a = t['amount'];
        if (!isInt(a, 1, 1e11)) issues.push({ path: `${p}/amount`, message: 'must be a positive integer of minor units' });
        const brand = type === 'card' ? CARD_BRANDS.find((b) => b === t['brand']) : undefined;
        if (type === 'card' && !brand) issues.push({ path: `${p}/brand`, message: `must be one of ${CARD_BRANDS.join(', ')}` });
        const last4 = t['last4'];
        const wantsLast4 = type === 'card' || (type === 'gift-card' && last4 !== undefined);
        if (wantsLast4 && (typeof last4 !== 'string' || !/^\d{4}$/.test(last4))) issues.push({ path: `${p}/last4`, message: 'must be exactly the last 4 digits' });
        if (!wantsLast4 && last4 !== undefined) issues.push({ path: `${p}/last4`, message: `a ${type ?? 'tender'} has no card digits` });
        if (type && isInt(a, 1, 1e11)) tenders.push({ type, amount: a, brand: brand ?? '', last4: wantsLast4 && typeof last4 === 'string' ? last4 : '' });
      });
  }

  if (issues.length > 0 || !channel) {
    const shown = issues.slice(0, MAX_REPORTED_ISSUES);
    throw new AisleError('VALIDATION_FAILED', `${issues.length} invalid field(s) in the order; nothing was stored${issues.length > shown.length ? ` (first ${shown.length} shown)` : ''}`, shown);
  }
  return { channel, orderNumber: orderNumber === '' ? null : orderNumber, fulfilment, storeId, customer, hasCustomer, placedAt, discount, tax, lines, tenders };
}
