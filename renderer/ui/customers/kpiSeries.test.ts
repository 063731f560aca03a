import { describe, expect, it } from 'vitest';
import type { KpiResponse } from '../../../shared/customers/api';
import { kpiCharts, latest } from './kpiSeries';

const response: KpiResponse = {
  storeId: 'store-001',
  currency: 'USD',
  months: [
    { month: '2026-09', customers: 10, orders: 12, clv: 8450, retentionRate: null, crossChannelConversion: 0.125, aov: { single: 7000, webAndStore: null, bopis: 9050 }, bopisAddOnRate: 0.2 },
    { month: '2026-10', customers: 14, orders: 20, clv: 9100, retentionRate: 0.5, crossChannelConversion: null, aov: { single: 7200, webAndStore: 11000, bopis: null }, bopisAddOnRate: 0.25 },
  ],
};

describe('KPI chart series', () => {
  it('one point per month; money in major units, rates in percent, undefined figures stay gaps', () => {
    const charts = kpiCharts(response, (k) => k);
    expect(charts.map((c) => c.id)).toEqual(['clv', 'rates', 'aov', 'volume']);
    const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
    expect(byId['clv']?.months).toEqual(['2026-09', '2026-10']);
    expect(byId['clv']?.series[0]?.values).toEqual([84.5, 91]);
    expect(byId['rates']?.series.map((s) => s.values)).toEqual([[null, 50], [12.5, null], [20, 25]]);
    expect(byId['aov']?.series.map((s) => s.values)).toEqual([[70, 72], [null, 110], [90.5, null]]);
    expect(byId['volume']?.series.map((s) => s.values)).toEqual([[10, 14], [12, 20]]);
  });

  it('the headline is the latest month with a value', () => {
    const rates = kpiCharts(response, (k) => k)[1]!;
    expect(latest(rates.series[1]!, rates.months)).toEqual({ month: '2026-09', value: 12.5 });
    expect(latest({ label: 'x', values: [null, null] }, ['a', 'b'])).toBeNull();
  });
});
