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

export type KpiTextKey = 'kpiClv' | 'kpiRates' | 'kpiAov' | 'kpiVolume' | 'seriesClv' | 'seriesRetention' | 'seriesCrossChannel' | 'seriesAddOn' | 'seriesSingle' | 'seriesWebStore' | 'seriesBopis' | 'seriesCustomers' | 'seriesOrders';

/** `text` names titles and series in the store's language (messages.ts). */
export function kpiCharts(response: KpiResponse, text: (key: KpiTextKey) => string): KpiChartData[] {
  const months = response.months.map((m) => m.month);
  const scale = 10 ** minorDigits(response.currency);
  const money = (v: number | null): number | null => (v === null ? null : Math.round(v) / scale);
  const col = <T,>(f: (m: KpiMonth) => T): T[] => response.months.map(f);
  return [
    { id: 'clv', title: text('kpiClv'), unit: 'money', months, series: [{ label: text('seriesClv'), values: col((m) => money(m.clv)) }] },
    {
      id: 'rates',
      title: text('kpiRates'),
      unit: 'percent',
      months,
      series: [
        { label: text('seriesRetention'), values: col((m) => pct(m.retentionRate)) },
        { label: text('seriesCrossChannel'), values: col((m) => pct(m.crossChannelConversion)) },
        { label: text('seriesAddOn'), values: col((m) => pct(m.bopisAddOnRate)) },
      ],
    },
    {
      id: 'aov',
      title: text('kpiAov'),
      unit: 'money',
      months,
      series: [
        { label: text('seriesSingle'), values: col((m) => money(m.aov.single)) },
        { label: text('seriesWebStore'), values: col((m) => money(m.aov.webAndStore)) },
        { label: text('seriesBopis'), values: col((m) => money(m.aov.bopis)) },
      ],
    },
    {
      id: 'volume',
      title: text('kpiVolume'),
      unit: 'count',
      months,
      series: [
        { label: text('seriesCustomers'), values: col((m) => m.customers) },
        { label: text('seriesOrders'), values: col((m) => m.orders) },
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
