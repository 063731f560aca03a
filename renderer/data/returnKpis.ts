/**
 * Returns KPIs for managers (computed by the server in SQL, server/returns; GET /api/v1/returns/kpis): return rate
 * by channel of origin, by reason and by category; dispositions; refunds by tender; receiptless returns; overrides
 * by staff member. Needs the server; the screen says so offline. Parsed from unknown: rows with the wrong shape are
 * dropped, a body without the lists is an error.
 */
import { AisleError } from '../../shared/errors';
import { API_PREFIX } from '../../shared/sync';
import type { AisleSession } from './session';
import { authHeaders, requestJson } from './http';
import { heldStaffSession } from './staffSession';

export interface KpiRow {
  /** The group: channel, reason code, category, disposition, tender type or staff id. */
  key: string;
  /** A display name when the server has one (staff names), else ''. */
  label: string;
  /** Units (or returns) counted, and for rates the units sold. */
  count: number;
  sold: number;
  /** Minor units of `currency`. */
  amount: number;
}

export interface ReturnKpis {
  currency: string;
  byChannel: KpiRow[];
  byReason: KpiRow[];
  byCategory: KpiRow[];
  dispositions: KpiRow[];
  refundsByTender: KpiRow[];
  receiptless: { count: number; amount: number };
  overridesByStaff: KpiRow[];
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function rows(v: unknown, keyField: string): KpiRow[] | null {
  if (!Array.isArray(v)) return null;
  return (v as unknown[]).flatMap((r) => {
    if (typeof r !== 'object' || r === null) return [];
    const o = r as Record<string, unknown>;
    const key = o[keyField] ?? o['key'];
    if (typeof key !== 'string') return [];
    return [{ key, label: typeof o['name'] === 'string' ? o['name'] : typeof o['label'] === 'string' ? o['label'] : '', count: num(o['returned'] ?? o['units'] ?? o['overrides'] ?? o['count']), sold: num(o['sold']), amount: num(o['amount'] ?? o['refunded']) }];
  });
}

/** The server's answer (server/returns/kpis.ts ReturnsKpis); amounts are in the store's currency, given by the caller. */
export function parseReturnKpis(body: unknown, currency: string): ReturnKpis {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const byChannel = rows(b['rateByChannel'], 'channel');
  const byReason = rows(b['byReason'], 'reason');
  const byCategory = rows(b['rateByCategory'], 'category');
  const dispositions = rows(b['dispositions'], 'disposition');
  const refundsByTender = rows(b['refundsByTender'], 'tender');
  const overridesByStaff = rows(b['overridesByStaff'], 'staffId');
  if (!byChannel || !byReason || !byCategory || !dispositions || !refundsByTender || !overridesByStaff) {
    throw new AisleError('INTERNAL', 'the server answered the returns KPIs with something this app cannot read');
  }
  const r = typeof b['receiptless'] === 'object' && b['receiptless'] !== null ? (b['receiptless'] as Record<string, unknown>) : {};
  return { currency, byChannel, byReason, byCategory, dispositions, refundsByTender, receiptless: { count: num(r['count'] ?? r['returns']), amount: num(r['amount']) }, overridesByStaff };
}

/** This store's returns KPIs (last 90 days); needs the manager's online staff session (x-aisle-staff-session). */
export async function fetchReturnKpis(session: AisleSession, managerId: string, currency: string, signal?: AbortSignal): Promise<ReturnKpis> {
  const held = heldStaffSession(managerId);
  if (!held) throw new AisleError('UNAUTHENTICATED', 'NO_SESSION');
  // authedJson sets its own headers: the staff session header goes through requestJson, as in pinReset.ts.
  const body = await requestJson(session.settings.serverUrl, `${API_PREFIX}/returns/kpis`, { headers: authHeaders(session.settings, { 'x-aisle-staff-session': `${held.id}.${held.key}` }), ...(signal ? { signal } : {}) });
  return parseReturnKpis(body, currency);
}
