/**
 * The body of POST /api/v1/orders, parsed from unknown: every problem is reported with its path, nothing is
 * assumed about the shape beforehand.
 */
import { AisleError, type FieldIssue } from '../../shared/errors';
import type { PickupChannel, PickupCustomer } from '../../shared/pickup/types';
import type { Money } from '../../shared/money';
import { isChannel } from './channelKeys';

export interface OrderLineInput {
  sku: string;
  quantity: number;
  unitPrice: Money;
}

export interface OrderInput {
  channel: PickupChannel;
  orderNumber: string | null;
  customer: PickupCustomer;
  pickupStoreId: string;
  lines: OrderLineInput[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseOrderBody(body: unknown): OrderInput {
  const issues: FieldIssue[] = [];
  if (!isRecord(body)) throw new AisleError('VALIDATION_FAILED', 'the order must be a JSON object', [{ path: '/', message: 'must be an object' }]);
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

  const channel = body['channel'];
  if (!isChannel(channel)) issues.push({ path: '/channel', message: 'must be "web" or "app"' });
  const orderNumber = str(body, 'orderNumber', '', 64, { optional: true, pattern: /^[A-Za-z0-9_-]+$/, hint: 'must be letters, digits, _ or -' });
  const pickupStoreId = str(body, 'pickupStoreId', '', 64);

  const customer: PickupCustomer = { id: '', firstName: '', lastName: '', email: '', phone: '' };
  const c = body['customer'];
  if (!isRecord(c)) issues.push({ path: '/customer', message: 'must be an object {id, firstName, lastName, email, phone}' });
  else {
    customer.id = str(c, 'id', '/customer', 128);
    customer.firstName = str(c, 'firstName', '/customer', 100);
    customer.lastName = str(c, 'lastName', '/customer', 100);
    customer.email = str(c, 'email', '/customer', 254, { pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, hint: 'must be an e-mail address' });
    customer.phone = str(c, 'phone', '/customer', 32, { optional: true, pattern: /^\+?[0-9 ()-]{5,}$/, hint: 'must be a phone number' });
  }

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
      const quantityOk = typeof q === 'number' && Number.isSafeInteger(q) && q >= 1 && q <= 1000;
      if (!quantityOk) issues.push({ path: `${p}/quantity`, message: 'must be a whole number from 1 to 1000' });
      const up = l['unitPrice'];
      let unitPrice: Money = { amount: 0, currency: 'USD' };
      if (!isRecord(up)) issues.push({ path: `${p}/unitPrice`, message: 'must be {amount (integer minor units), currency}' });
      else {
        const amount = up['amount'];
        const currency = up['currency'];
        if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) issues.push({ path: `${p}/unitPrice/amount`, message: 'must be a non-negative integer of minor units (cents)' });
        if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) issues.push({ path: `${p}/unitPrice/currency`, message: 'must be an ISO 4217 code such as USD' });
        if (typeof amount === 'number' && typeof currency === 'string') unitPrice = { amount, currency };
      }
      lines.push({ sku, quantity: quantityOk ? q : 0, unitPrice });
    });
    const currencies = new Set(lines.map((l) => l.unitPrice.currency));
    if (currencies.size > 1) issues.push({ path: '/lines', message: 'all lines must use one currency' });
  }
  if (issues.length > 0 || !isChannel(channel)) throw new AisleError('VALIDATION_FAILED', `${issues.length} invalid field(s) in the order; nothing was reserved`, issues);
  return { channel, orderNumber: orderNumber === '' ? null : orderNumber, customer, pickupStoreId, lines };
}
