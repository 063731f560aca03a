/**
 * The KPI API's months (shared/customers/api.ts KpiResponse) turned into chart series: one point per month, null
 * where a figure is undefined for that month (no customers to retain yet), so a chart shows a gap, never a made-up 0.
 * Money in minor units becomes major units here only for the axis; definitions live in docs/customers.md.
 */
import type { KpiMonth, KpiResponse } from '../../../shared/customers/api';
import { minorDigits } from '../../../shared/money';

export interface Series {
  label: string;
  values: (number | null)[];
}

export interface KpiChartData {
  id: 'clv' | 'rates' | 'aov' | 'volume';
  title: string;
  unit: 'money' | 'percent' | 'count';
  months: string[];
  series: Series[];
}

function pct(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1000) / 10;
}

export function kpiCharts(response: KpiResponse): KpiChartData[] {
  const months = response.months.map((m) => m.month);
  const scale = 10 ** minorDigits(response.currency);
  const money = (v: number | null): number | null => (v === null ? null : Math.round(v) / scale);
  const col = <T,>(f: (m: KpiMonth) => T): T[] => response.months.map(f);
  return [
    { id: 'clv', title: 'Customer lifetime value (historic, net of refunds)', unit: 'money', months, series: [{ label: 'CLV', values: col((m) => money(m.clv)) }] },
    {
      id: 'rates',
      title: 'Retention, cross-channel conversion, BOPIS add-on',
      unit: 'percent',
      months,
      series: [
        { label: 'Retention rate', values: col((m) => pct(m.retentionRate)) },
        { label: 'Cross-channel conversion', values: col((m) => pct(m.crossChannelConversion)) },
        { label: 'BOPIS add-on rate', values: col((m) => pct(m.bopisAddOnRate)) },
      ],
    },
    {
      id: 'aov',
      title: 'Average order value by channel path',
      unit: 'money',
      months,
      series: [
        { label: 'Single channel', values: col((m) => money(m.aov.single)) },
        { label: 'Web + store', values: col((m) => money(m.aov.webAndStore)) },
        { label: 'BOPIS', values: col((m) => money(m.aov.bopis)) },
      ],
    },
    {
      id: 'volume',
      title: 'Customers and orders',
      unit: 'count',
      months,
      series: [
        { label: 'Customers', values: col((m) => m.customers) },
        { label: 'Orders', values: col((m) => m.orders) },
      ],
    },
  ];
}

/** The latest month that has a value, for the headline figure beside each chart. */
export function latest(series: Series, months: string[]): { month: string; value: number } | null {
  for (let i = series.values.length - 1; i >= 0; i--) {
    const v = series.values[i];
    if (v !== null && v !== undefined) return { month: months[i] ?? '', value: v };
  }
  return null;
}
