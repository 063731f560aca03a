/**
 * Parses one return event from unknown (a pushed document's events): the JSON schema checks field types, this
 * checks that each event type carries its own fields, so the fold never sees a line without a quantity.
 * Errors name the field ("lines/0/reason must be one of …").
 */
import { TENDER_TYPES } from '../orders/types';
import { isStaffProof } from '../staff';
import { DISPOSITIONS, ITEM_CONDITIONS, RETURN_FLAGS, RETURN_REASONS, RETURN_RESOLUTION_ACTIONS, type LineVerdict, type RefundAllocation, type ReturnEvent, type ReturnLine, type VerdictCode } from './types';

type R = Record<string, unknown>;
const isRecord = (v: unknown): v is R => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const int = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined => list.find((x) => x === v);

export class ReturnParseError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field} ${message}`);
  }
}

function need<T>(value: T | undefined | false, field: string, message: string): T {
  if (value === undefined || value === false) throw new ReturnParseError(field, message);
  return value;
}

function num(v: unknown, min: number, max: number, field: string): number {
  if (!int(v, min, max)) throw new ReturnParseError(field, `must be an integer from ${min} to ${max}`);
  return v;
}

function parseLine(v: unknown, at: string): ReturnLine {
  if (!isRecord(v)) throw new ReturnParseError(at, 'must be an object');
  const s = (k: string, max = 64): string => need(str(v[k], max) && (v[k]), `${at}/${k}`, `must be a string of at most ${max} characters`);
  const reason = need(oneOf(RETURN_REASONS, v['reason']), `${at}/reason`, `must be one of ${RETURN_REASONS.join(', ')}`);
  const note = typeof v['note'] === 'string' ? s('note', 500) : '';
  if (reason === 'OTHER' && note.trim() === '') throw new ReturnParseError(`${at}/note`, 'is required when the reason is OTHER');
  return {
    id: need(str(v['id'], 16) && v['id'] !== '' && (v['id']), `${at}/id`, 'must be a non-empty string'),
    orderLineId: s('orderLineId', 16),
    variantId: need(str(v['variantId'], 64) && v['variantId'] !== '' && (v['variantId']), `${at}/variantId`, 'is required'),
    productId: s('productId'),
    sku: s('sku'),
    title: s('title', 255),
    category: s('category', 120),
    quantity: num(v['quantity'], 1, 10_000, `${at}/quantity`),
    reason,
    note,
    condition: need(oneOf(ITEM_CONDITIONS, v['condition']), `${at}/condition`, `must be one of ${ITEM_CONDITIONS.join(', ')}`),
    disposition: need(oneOf(DISPOSITIONS, v['disposition']), `${at}/disposition`, `must be one of ${DISPOSITIONS.join(', ')}`),
    exchangeVariantId: s('exchangeVariantId'),
    exchangePrice: num(v['exchangePrice'], 0, 1e12, `${at}/exchangePrice`),
  };
}

function parseVerdict(v: unknown, at: string): LineVerdict {
  if (!isRecord(v) || !str(v['lineId'], 16)) throw new ReturnParseError(`${at}/lineId`, 'is required');
  const lineId = v['lineId'];
  if (v['verdict'] === 'allowed') return { lineId, verdict: 'allowed' };
  const code = need(str(v['code'], 40) && (v['code'] as VerdictCode), `${at}/code`, 'is required for needs-manager and refused');
  const why = str(v['why'], 500) ? v['why'] : '';
  const params: Record<string, number | string> = {};
  if (isRecord(v['params'])) for (const [k, p] of Object.entries(v['params'])) if ((typeof p === 'number' && Number.isFinite(p)) || str(p, 200)) params[k] = p;
  if (v['verdict'] === 'needs-manager') return { lineId, verdict: 'needs-manager', code, why, params };
  if (v['verdict'] === 'refused') return { lineId, verdict: 'refused', code, why, params, overridable: v['overridable'] === true };
  throw new ReturnParseError(`${at}/verdict`, 'must be allowed, needs-manager or refused');
}

function parseAllocation(v: unknown, at: string): RefundAllocation {
  if (!isRecord(v)) throw new ReturnParseError(at, 'must be an object');
  return {
    tender: need(oneOf(TENDER_TYPES, v['tender']), `${at}/tender`, `must be one of ${TENDER_TYPES.join(', ')}`),
    originalIndex: num(v['originalIndex'], -1, 100, `${at}/originalIndex`),
    amount: num(v['amount'], 0, 1e12, `${at}/amount`),
    pending: v['pending'] === true,
  };
}

const list = (v: unknown, field: string, max: number): unknown[] => need(Array.isArray(v) && v.length <= max && v, field, `must be an array of at most ${max}`);
const amount = (v: unknown, field: string): number => num(v, 0, 1e12, field);

/** The event, or throws ReturnParseError naming the field. `at` is the path prefix for messages. */
export function parseReturnEvent(value: unknown, at = ''): ReturnEvent {
  if (!isRecord(value)) throw new ReturnParseError(at || '/', 'must be an object');
  const { id, staffId, deviceId, type } = value;
  const when = value['at'];
  if (!str(id, 100) || id === '') throw new ReturnParseError(`${at}/id`, 'must be a non-empty string');
  if (!str(when, 32) || Number.isNaN(Date.parse(when))) throw new ReturnParseError(`${at}/at`, 'must be an ISO time');
  if (!str(staffId, 64) || staffId === '') throw new ReturnParseError(`${at}/staffId`, 'is required');
  if (!str(deviceId, 64) || deviceId === '') throw new ReturnParseError(`${at}/deviceId`, 'is required');
  const base: Pick<ReturnEvent, 'id' | 'at' | 'staffId' | 'deviceId' | 'auth' | 'signedInOffline'> = { id, at: when, staffId, deviceId };
  if (value['auth'] !== undefined) {
    if (!isStaffProof(value['auth'])) throw new ReturnParseError(`${at}/auth`, 'must be {session, mac} from an online staff session');
    base.auth = { session: value['auth'].session, mac: value['auth'].mac };
  }
  if (value['signedInOffline'] === true) base.signedInOffline = true;
  switch (type) {
    case 'created': {
      const r = value['receipt'];
      if (!isRecord(r) || !oneOf(['code', 'order', 'none'] as const, r['kind']) || !str(r['code'], 4000)) throw new ReturnParseError(`${at}/receipt`, 'must be {kind: code|order|none, code}');
      const lines = list(value['lines'], `${at}/lines`, 100).map((l, i) => parseLine(l, `${at}/lines/${i}`));
      if (lines.length === 0) throw new ReturnParseError(`${at}/lines`, 'must hold at least one line');
      if (new Set(lines.map((l) => l.id)).size !== lines.length) throw new ReturnParseError(`${at}/lines`, 'line ids must be unique');
      const customerId = str(value['customerId'], 64) ? value['customerId'] : '';
      return { ...base, type, receipt: { kind: oneOf(['code', 'order', 'none'] as const, r['kind']) ?? 'none', code: r['code'] }, customerId, lines, offline: value['offline'] === true };
    }
    case 'assessed':
      return { ...base, type, verdicts: list(value['verdicts'], `${at}/verdicts`, 100).map((v, i) => parseVerdict(v, `${at}/verdicts/${i}`)) };
    case 'approved': {
      const lineIds = list(value['lineIds'], `${at}/lineIds`, 100).map((l, i) => need(str(l, 16) && (l), `${at}/lineIds/${i}`, 'must be a line id'));
      const reason = need(str(value['reason'], 500) && (value['reason']).trim() !== '' && (value['reason']), `${at}/reason`, 'is required: a manager says why');
      const pin = need(oneOf(['online', 'offline'] as const, value['pin']), `${at}/pin`, 'must be online or offline');
      return { ...base, type, lineIds, override: value['override'] === true, reason, pin };
    }
    case 'tendered': {
      const allocations = list(value['allocations'], `${at}/allocations`, 20).map((a, i) => parseAllocation(a, `${at}/allocations/${i}`));
      const total = amount(value['total'], `${at}/total`);
      if (total !== allocations.reduce((s, a) => s + a.amount, 0)) throw new ReturnParseError(`${at}/total`, 'must equal the sum of the allocations');
      return { ...base, type, allocations, total, collect: amount(value['collect'] ?? 0, `${at}/collect`) };
    }
    case 'cancelled':
      return { ...base, type, reason: str(value['reason'], 500) ? value['reason'] : '' };
    case 'accepted': {
      const lines = list(value['lines'], `${at}/lines`, 100).map((l, i) => {
        if (!isRecord(l) || !str(l['lineId'], 16) || !int(l['quantity'], 0, 10_000)) throw new ReturnParseError(`${at}/lines/${i}`, 'must be {lineId, quantity}');
        return { lineId: l['lineId'], quantity: l['quantity'] };
      });
      return { ...base, type, lines };
    }
    case 'refunded': {
      const allocations = list(value['allocations'], `${at}/allocations`, 20).map((a, i) => parseAllocation(a, `${at}/allocations/${i}`));
      return { ...base, type, allocations, total: amount(value['total'], `${at}/total`), reference: str(value['reference'], 128) ? value['reference'] : '' };
    }
    case 'flagged':
      return { ...base, type, flag: need(oneOf(RETURN_FLAGS, value['flag']), `${at}/flag`, 'unknown flag'), detail: str(value['detail'], 1000) ? value['detail'] : '' };
    case 'resolved': {
      const note = str(value['note'], 1000) ? value['note'] : '';
      const action = need(oneOf(RETURN_RESOLUTION_ACTIONS, value['action']), `${at}/action`, `must be one of ${RETURN_RESOLUTION_ACTIONS.join(', ')}`);
      if (action === 'other' && note.trim() === '') throw new ReturnParseError(`${at}/note`, 'is required when the action is other');
      return { ...base, type, flag: need(oneOf(RETURN_FLAGS, value['flag']), `${at}/flag`, 'unknown flag'), action, note };
    }
    default:
      throw new ReturnParseError(`${at}/type`, `unknown event type ${String(type)}`);
  }
}
