/**
 * Managers: the returns KPIs from the server's SQL (renderer/data/returnKpis.ts) as bar charts drawn by chart.js,
 * like the channel KPIs (renderer/ui/customers/KpiCharts.tsx): return rate by channel of origin and by category,
 * units by reason and by disposition, refunds by tender, overrides by staff member, and the receiptless figures.
 * Each chart also lists its numbers as text (the canvas is an image to assistive technology). Needs the server.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { money as moneyOf } from '../../../shared/money';
import { useSession } from '../../data/context';
import { useDeviceSettings, useStore, useSyncStatus } from '../../data/hooks';
import { useUi } from '../../state/ui';
import { fetchReturnKpis, type KpiRow, type ReturnKpis } from '../../data/returnKpis';
import { background } from '../../util/background';
import { useErrorText } from '../errors/useErrorText';
import { useReturnText } from './useReturnText';

Chart.register(BarController, BarElement, LinearScale, CategoryScale, Legend, Tooltip);

interface ChartSpec {
  id: string;
  title: string;
  labels: string[];
  values: number[];
  shown: string[];
  /** Values are fractions shown as percentages on the axis. */
  percent: boolean;
}

function BarChart({ spec }: { spec: ChartSpec }): React.JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { t } = useReturnText();
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: spec.labels, datasets: [{ label: spec.title, data: spec.values, backgroundColor: '#0b6bcb' }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ...(spec.percent ? { ticks: { callback: (v) => `${Math.round(Number(v) * 100)} %` } } : {}) } } },
    });
    return () => chart.destroy();
  }, [spec]);
  return (
    <figure className="card" data-testid="return-kpi-chart" data-kpi={spec.id} data-points={spec.values.length}>
      <figcaption>
        <h3>{spec.title}</h3>
      </figcaption>
      {spec.values.length === 0 ? (
        <p className="muted">{t('kpiEmpty')}</p>
      ) : (
        <>
          <div className="chart-box">
            <canvas ref={canvas} role="img" aria-label={spec.title} />
          </div>
          <ul className="kpi-latest">
            {spec.labels.map((l, i) => (
              <li key={l}>
                {l}: <strong>{spec.shown[i]}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
    </figure>
  );
}

type State = { state: 'loading' } | { state: 'ready'; kpis: ReturnKpis } | { state: 'offline' } | { state: 'error'; message: string };

export function ReturnKpiCharts(): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const { online } = useSyncStatus();
  const { t, money, number } = useReturnText();
  const [state, setState] = useState<State>({ state: 'loading' });
  const staffId = useUi((s) => s.staff?.id ?? '');
  const device = useDeviceSettings();
  const currency = useStore(device.storeId)?.currency ?? 'USD';
  useEffect(() => {
    if (!online) {
      setState({ state: 'offline' });
      return;
    }
    const controller = new AbortController();
    setState({ state: 'loading' });
    background(
      fetchReturnKpis(session, staffId, currency, controller.signal).then(
        (kpis) => setState({ state: 'ready', kpis }),
        (e: unknown) => {
          if (!controller.signal.aborted) setState({ state: 'error', message: errorText(e) === 'NO_SESSION' ? t('kpiNeedsOnlineSignIn') : errorText(e) });
        },
      ),
      'returns kpis',
    );
    return () => controller.abort();
    // t is stable per language; the KPIs are fetched again when who or where changes.
  }, [session, online, staffId, currency]);

  const ready = state.state === 'ready' ? state.kpis : null;
  const charts = useMemo(() => (ready ? specs(ready) : []),
    // specs only formats: the KPIs and the store's formats decide the charts.
    [ready, t, money, number]);

  function specs(k: ReturnKpis): ChartSpec[] {
    const rate = (r: KpiRow): number => (r.sold > 0 ? r.count / r.sold : 0);
    const pct = (v: number): string => number(v, { style: 'percent', maximumFractionDigits: 1 });
    const m = (v: number): string => money(moneyOf(v, k.currency));
    const spec = (id: string, title: string, rs: KpiRow[], label: (r: KpiRow) => string, value: (r: KpiRow) => number, show: (v: number) => string): ChartSpec => ({ id, title, labels: rs.map(label), values: rs.map(value), shown: rs.map((r) => show(value(r))), percent: show === pct });
    return [
      spec('rate-channel', t('kpiRateChannel'), k.byChannel, (r) => t('channel', { channel: r.key }), rate, pct),
      spec('rate-category', t('kpiRateCategory'), k.byCategory, (r) => r.key, rate, pct),
      spec('reasons', t('kpiReasons'), k.byReason, (r) => t('reasonName', { reason: r.key }), (r) => r.count, (v) => number(v)),
      spec('dispositions', t('kpiDispositions'), k.dispositions, (r) => t('dispositionName', { disposition: r.key }), (r) => r.count, (v) => number(v)),
      spec('tenders', t('kpiTenders'), k.refundsByTender, (r) => t('tenderName', { type: r.key.replace('-', '') }), (r) => r.amount / 100, (v) => m(Math.round(v * 100))),
      spec('overrides', t('kpiOverrides'), k.overridesByStaff, (r) => r.label || r.key, (r) => r.count, (v) => number(v)),
    ];
  }

  return (
    <section className="returns-kpi-section" data-testid="return-kpis" aria-labelledby="return-kpis-title">
      <h2 id="return-kpis-title" className="section-title">
        {t('kpiTitle')}
      </h2>
      {state.state === 'loading' && <p className="muted">{t('kpiLoading')}</p>}
      {state.state === 'offline' && <p className="offline-scope">{t('kpiOffline')}</p>}
      {state.state === 'error' && (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      )}
      {state.state === 'ready' && (
        <>
          <p data-testid="return-kpi-receiptless">{t('kpiReceiptless', { count: state.kpis.receiptless.count, amount: money(moneyOf(state.kpis.receiptless.amount, state.kpis.currency)) })}</p>
          <div className="returns-kpis">
            {charts.map((s) => (
              <BarChart key={s.id} spec={s} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
