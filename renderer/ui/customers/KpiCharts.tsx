/**
 * Managers: the channel KPIs over time (GET /api/v1/kpis, computed on the server in SQL; definitions in
 * docs/customers.md), as line charts drawn by chart.js, for this store or the whole network. Needs the server;
 * offline it says so instead of showing stale numbers.
 */
import { useEffect, useRef, useState } from 'react';
import { CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, BarController, BarElement } from 'chart.js';
import type { KpiResponse } from '../../../shared/customers/api';
import { useSession } from '../../data/context';
import { fetchKpis } from '../../data/kpis';
import { useSyncStatus } from '../../data/hooks';
import { useUi } from '../../state/ui';
import { background } from '../../util/background';
import { useErrorText } from '../errors/useErrorText';
import { kpiCharts, latest, type KpiChartData } from './kpiSeries';
import { useCustomerText } from './useCustomerText';
import './customers.css';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Legend, Tooltip, Filler);

const COLOURS = ['#0b6bcb', '#137a3a', '#a35a00', '#7a3ea1'];

function KpiChart({ data, currency }: { data: KpiChartData; currency: string }): React.JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { t, number } = useCustomerText();
  const format = (v: number, digits = 0): string =>
    data.unit === 'money' ? number(v, { style: 'currency', currency, maximumFractionDigits: digits }) : data.unit === 'percent' ? number(v / 100, { style: 'percent', maximumFractionDigits: 1 }) : number(v);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: data.id === 'volume' ? 'bar' : 'line',
      data: {
        labels: data.months,
        datasets: data.series.map((s, i) => ({ label: s.label, data: s.values, borderColor: COLOURS[i], backgroundColor: COLOURS[i], spanGaps: false, tension: 0.2, pointRadius: 2 })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${ctx.parsed.y === null ? '—' : format(ctx.parsed.y)}` } } },
        scales: { y: { beginAtZero: true, ticks: { callback: (v) => format(Number(v)) } } },
      },
    });
    return () => chart.destroy();

  }, [data, currency, number]);
  return (
    <figure className="kpi-chart card" data-testid="kpi-chart" data-kpi={data.id} data-points={data.months.length}>
      <figcaption>
        <h2>{data.title}</h2>
        <ul className="kpi-latest">
          {data.series.map((s) => {
            const l = latest(s, data.months);
            return (
              <li key={s.label} data-testid="kpi-latest">
                {s.label}: <strong>{l === null ? '—' : format(l.value, 2)}</strong>
                {l && <span className="muted"> ({l.month})</span>}
              </li>
            );
          })}
        </ul>
      </figcaption>
      <div className="kpi-canvas">
        <canvas ref={canvas} role="img" aria-label={t('byMonth', { title: data.title })} />
      </div>
    </figure>
  );
}

type State = { state: 'loading' } | { state: 'ready'; response: KpiResponse } | { state: 'offline' } | { state: 'error'; message: string };

export function KpiCharts(): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const staff = useUi((s) => s.staff);
  const { online } = useSyncStatus();
  const [state, setState] = useState<State>({ state: 'loading' });
  const manager = staff?.role === 'manager';
  const openViews = useUi((s) => s.openCustomerViews);
  const { t } = useCustomerText();
  useEffect(() => {
    if (!manager) return;
    if (!online) {
      setState({ state: 'offline' });
      return;
    }
    setState({ state: 'loading' });
    const controller = new AbortController();
    background(
      fetchKpis(session, controller.signal).then(
        (response) => setState({ state: 'ready', response }),
        (e: unknown) => {
          if (!controller.signal.aborted) setState({ state: 'error', message: errorText(e) });
        },
      ),
      'kpis',
    );
    return () => controller.abort();
  }, [session, online, manager]);

  if (!manager) {
    return (
      <section className="kpis" data-testid="kpis-locked">
        <h1>{t('kpis')}</h1>
        <p className="signin-needed" role="alert">
          {staff ? t('kpisManagersOnly') : t('kpisSignIn')}
        </p>
      </section>
    );
  }
  return (
    <section className="kpis" data-testid="kpis">
      <header className="kpis-head">
        <h1>{t('kpisTitle')}</h1>
        <div role="group" aria-label={t('scope')}>
          <span className="muted" data-testid="kpis-scope">
            {t('thisStore')}
          </span>
          <button type="button" className="ghost" onClick={openViews} data-testid="kpis-open-views">
            {t('views')} →
          </button>
        </div>
      </header>
      {state.state === 'loading' && <p className="muted">{t('loading')}</p>}
      {state.state === 'offline' && <p className="offline-scope">{t('kpisOffline')}</p>}
      {state.state === 'error' && <p className="form-error" role="alert">{state.message}</p>}
      {state.state === 'ready' && (
        <div className="kpi-grid">
          {state.response.months.length === 0 ? (
            <p className="muted">{t('noKpis')}</p>
          ) : (
            kpiCharts(state.response, (k) => t(k)).map((c) => <KpiChart key={c.id} data={c} currency={state.response.currency} />)
          )}
        </div>
      )}
    </section>
  );
}
