/** The channel KPIs from the server (GET /api/v1/kpis; computed there in SQL, definitions in docs/customers.md). */
import type { KpiMonth, KpiResponse } from '../../shared/customers/api';
import { AisleError } from '../../shared/errors';
import { API_PREFIX } from '../../shared/sync';
import type { AisleSession } from './session';
import { authedJson } from './http';
import { staffSessionHeaders } from './staffSession';

const nullableNumber = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));

function isMonth(v: unknown): v is KpiMonth {
  const m = v as Partial<KpiMonth> | null;
  return (
    !!m &&
    typeof m.month === 'string' &&
    /^\d{4}-\d{2}$/.test(m.month) &&
    typeof m.customers === 'number' &&
    typeof m.orders === 'number' &&
    typeof m.clv === 'number' &&
    nullableNumber(m.retentionRate) &&
    nullableNumber(m.crossChannelConversion) &&
    nullableNumber(m.bopisAddOnRate) &&
    typeof m.aov === 'object' &&
    m.aov !== null &&
    nullableNumber(m.aov.single) &&
    nullableNumber(m.aov.webAndStore) &&
    nullableNumber(m.aov.bopis)
  );
}

export function parseKpiResponse(body: unknown): KpiResponse {
  const b = body as Partial<KpiResponse> | null;
  if (!b || typeof b.currency !== 'string' || !Array.isArray(b.months)) throw new AisleError('INTERNAL', 'the server answered the KPIs with something else than months');
  const months = (b.months as unknown[]).filter(isMonth);
  if (months.length !== b.months.length) throw new AisleError('INTERNAL', 'the server sent KPI months this app cannot read');
  return { storeId: typeof b.storeId === 'string' ? b.storeId : null, currency: b.currency, months };
}

/** The KPIs of this counter's store (the server refuses any other store's, and the whole network's). */
export async function fetchKpis(session: AisleSession, signal?: AbortSignal): Promise<KpiResponse> {
  const query = `?storeId=${encodeURIComponent(session.settings.storeId)}`;
  const body = await authedJson(session.settings, `${API_PREFIX}/kpis${query}`, signal ? { signal } : {}, staffSessionHeaders());
  return parseKpiResponse(body);
}
