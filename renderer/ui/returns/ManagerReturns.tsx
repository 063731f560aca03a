/**
 * Manager area, "Returns": returns waiting for a manager's approval (saved at the counter to wait), flagged returns
 * (lost the race for the last units, over the receiptless limit, overridden, receipt refused by the server…) with
 * what happened, and the returns KPIs (ReturnKpiCharts). Lists come from this store's returns on the device, so they
 * work offline; a manager approves with their PIN like at the counter.
 */
import { useEffect, useMemo, useState } from 'react';
import { money as moneyOf } from '../../../shared/money';
import { foldReturn, REFUND_CHOICES, type RefundChoice, type ReturnableSale, type ReturnDoc, type ReturnSettings } from '../../../shared/returns';
import { useSession } from '../../data/context';
import { useStaffNames } from '../../data/pickups';
import { approveWaitingReturn, findLocalOrder, offlineCashGiven, plannedAllocations, returnedBefore, saleForDoc, unitValues, useReturnSettings, useStoreReturns, type Assessment, type ManagerApproval } from '../../data/returns';
import { RefundSummary } from './RefundSummary';
import { useSyncStatus } from '../../data/hooks';
import { useUi } from '../../state/ui';
import { background } from '../../util/background';
import { useErrorText } from '../errors/useErrorText';
import { ManagerApprovalDialog } from './ManagerApprovalDialog';
import { ReturnKpiCharts } from './ReturnKpiCharts';
import { useReturnText } from './useReturnText';
import './returns.css';

/** Flags a manager looks at (OVERRIDDEN included: the issue lists overridden returns among the flagged ones). */
export function isFlagged(doc: ReturnDoc): boolean {
  return doc.status === 'flagged' || doc.flags.length > 0;
}

export function ManagerReturns(): React.JSX.Element {
  const all = useStoreReturns();
  const staff = useUi((s) => s.staff);
  const { t } = useReturnText();
  const waiting = (all ?? []).filter((d) => d.status === 'awaiting-approval');
  const flagged = (all ?? []).filter(isFlagged);
  return (
    <section className="manager manager-returns" data-testid="manager-returns" aria-labelledby="manager-returns-title">
      <header className="manager-head">
        <div>
          <p className="eyebrow">{t('mgrEyebrow')}</p>
          <h1 id="manager-returns-title">{t('mgrTitle')}</h1>
        </div>
      </header>
      {staff === null ? (
        <p className="notice" data-testid="manager-returns-sign-in">
          {t('mgrSignIn', { waiting: waiting.length, flagged: flagged.length })}
        </p>
      ) : (
        <>
          <h2 className="section-title">
            {t('mgrWaiting')} <span className="count">{waiting.length}</span>
          </h2>
          {waiting.length === 0 ? (
            <p className="muted">{t('mgrWaitingNone')}</p>
          ) : (
            <ul>
              {waiting.map((d) => (
                <li key={d.id}>
                  <WaitingReturn doc={d} />
                </li>
              ))}
            </ul>
          )}
          <h2 className="section-title">
            {t('mgrFlagged')} <span className="count">{flagged.length}</span>
          </h2>
          {flagged.length === 0 ? (
            <p className="muted">{t('mgrFlaggedNone')}</p>
          ) : (
            <ul>
              {flagged.map((d) => (
                <li key={d.id}>
                  <FlaggedReturn doc={d} />
                </li>
              ))}
            </ul>
          )}
          {staff.role === 'manager' ? <ReturnKpiCharts /> : <p className="muted">{t('mgrKpisManagers')}</p>}
        </>
      )}
    </section>
  );
}

function ReturnHead({ doc }: { doc: ReturnDoc }): React.JSX.Element {
  const { t, money, dateTime } = useReturnText();
  const names = useStaffNames();
  const s = foldReturn(doc.events);
  const units = s.lines.reduce((n, l) => n + l.quantity, 0);
  const by = s.createdBy ? (names.get(s.createdBy.staffId) ?? s.createdBy.staffId) : '—';
  return (
    <>
      <h3>
        {doc.orderNumber !== '' ? t('mgrFromOrder', { number: doc.orderNumber, channel: doc.originChannel || 'store' }) : t('mgrReceiptless')} · {t('mgrUnits', { count: units })}
        {/* Not settled yet (waiting): no amount decided; the approval plans the refund. */}
        {doc.refundTotal > 0 && <> · {money(moneyOf(doc.refundTotal, doc.currency))}</>}
      </h3>
      <p className="muted small">{t('mgrTakenBy', { name: by, when: dateTime(doc.createdAt) })}</p>
      <ul className="manager-return-lines">
        {s.lines.map((l) => {
          const v = s.verdicts.find((x) => x.lineId === l.id);
          return (
            <li key={l.id}>
              {l.quantity} × {l.title} — {t('reasonName', { reason: l.reason })}
              {v && v.verdict !== 'allowed' && <span className={`verdict-${v.verdict}`}> · {t('why', { code: v.code, ...v.params })}</span>}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function WaitingReturn({ doc }: { doc: ReturnDoc }): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const { online } = useSyncStatus();
  const settings = useReturnSettings(online);
  const { t } = useReturnText();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<RefundChoice>('original');
  const [inputs, setInputs] = useState<WaitingInputs | null>(null);
  const state = foldReturn(doc.events);
  const refused = state.verdicts.some((v) => v.verdict === 'refused');
  useEffect(() => {
    let live = true;
    background(
      waitingInputs(session, doc, settings).then((i) => {
        if (live) setInputs(i);
      }),
      'waiting return inputs',
    );
    return () => {
      live = false;
    };
  }, [session, doc, settings]);
  // The refund as it will go out, planned with the counter's rules and defaults (the original tenders; offline,
  // pending store credit or a gift card), shown before the manager enters their PIN.
  const planned = useMemo(() => (inputs ? plannedAllocations(doc, settings, online, inputs.sale, inputs.values, { choice, returnedBefore: inputs.returnedBefore, offlineCashGiven: inputs.cashGiven }) : null), [doc, settings, online, inputs, choice]);
  const assessment = useMemo(() => (planned && inputs ? previewOf(planned, inputs, doc.currency) : null), [planned, inputs, doc.currency]);
  const approve = (a: ManagerApproval): void => {
    setAsking(false);
    background(
      (async () => {
        if (!planned) return;
        if (!planned.plan.ok) throw new Error(t('tenderProblem', { problem: planned.plan.code }));
        await approveWaitingReturn(session, doc.id, a, planned.plan.allocations);
      })().catch((e: unknown) => setError(errorText(e))),
      'approve waiting return',
    );
  };
  return (
    <article className="manager-card card" data-testid="return-waiting" data-return-id={doc.id}>
      <ReturnHead doc={doc} />
      {inputs?.sale && (
        <fieldset className="refund-choice" data-testid="refund-choice">
          <legend>{t('refundChoice')}</legend>
          {REFUND_CHOICES.map((c) => (
            <label key={c}>
              <input type="radio" name={`refund-choice-${doc.id}`} value={c} checked={choice === c} onChange={() => setChoice(c)} data-testid={`refund-choice-${c}`} /> {t('choiceName', { choice: c.replace('-', '') })}
            </label>
          ))}
        </fieldset>
      )}
      {assessment && <RefundSummary assessment={assessment} online={online} currency={doc.currency} />}
      {planned && !planned.plan.ok && (
        <p className="form-error" role="alert" data-testid="refund-problem" data-problem={planned.plan.code}>
          {t('tenderProblem', { problem: planned.plan.code })}
        </p>
      )}
      <button type="button" className="primary" data-testid="return-waiting-approve" disabled={!planned?.plan.ok} onClick={() => setAsking(true)}>
        {refused ? t('askOverride') : t('askManager')}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {asking && (
        <ManagerApprovalDialog
          override={refused}
          why={state.verdicts.flatMap((v) => (v.verdict === 'allowed' ? [] : [{ code: v.code, params: v.params }]))}
          onApproved={approve}
          onClose={() => setAsking(false)}
        />
      )}
    </article>
  );
}

interface WaitingInputs {
  sale: ReturnableSale | null;
  values: Record<string, number>;
  returnedBefore: Record<string, number>;
  cashGiven: number;
  /** The original tenders' card brands (the working-set order's), by tender index. */
  brands: string[];
}

/** What planning a waiting return needs, read from this device as the counter reads it. */
async function waitingInputs(session: ReturnType<typeof useSession>, doc: ReturnDoc, settings: ReturnSettings | null): Promise<WaitingInputs> {
  const state = foldReturn(doc.events);
  const sale = await saleForDoc(session, doc, settings);
  const values = await unitValues(session, state.lines.map((l) => l.variantId));
  // Returned before by other returns: this device's returns of the order, less this one's own lines.
  const before = await returnedBefore(session, doc.orderId);
  for (const l of state.lines) before[l.orderLineId] = Math.max(0, (before[l.orderLineId] ?? 0) - l.quantity);
  const order = doc.orderId !== '' ? await findLocalOrder(session, doc.orderId) : null;
  return { sale, values, returnedBefore: before, cashGiven: await offlineCashGiven(session), brands: order?.tenders.map((x) => x.brand) ?? [] };
}

function previewOf(planned: ReturnType<typeof plannedAllocations>, inputs: WaitingInputs, currency: string): Assessment {
  const refunds = planned.plan.ok ? planned.plan.allocations.map((a) => ({ ...a, brand: a.originalIndex >= 0 ? (inputs.brands[a.originalIndex] ?? '') : '', last4: a.originalIndex >= 0 ? (inputs.sale?.tenders[a.originalIndex]?.last4 ?? '') : '' })) : [];
  return { lines: {}, refunds, total: planned.plan.ok ? moneyOf(planned.amount, currency) : null, limits: planned.limits, needsManager: [], refused: [], blocked: [] };
}

function FlaggedReturn({ doc }: { doc: ReturnDoc }): React.JSX.Element {
  const { t, dateTime } = useReturnText();
  const names = useStaffNames();
  const s = foldReturn(doc.events);
  return (
    <article className="manager-card card" data-testid="return-flagged" data-return-id={doc.id} data-flags={doc.flags.join(' ')}>
      <ReturnHead doc={doc} />
      <ul className="return-flags">
        {s.flagDetails.map((f) => (
          <li key={`${f.flag}-${f.at}`} data-testid="return-flag" data-flag={f.flag}>
            <strong>{t('flagName', { flag: f.flag })}</strong> — {f.detail} <span className="muted">({dateTime(f.at)})</span>
          </li>
        ))}
        {Object.values(s.approvals)
          .filter((a) => a.override && !s.flagDetails.some((f) => f.flag === 'OVERRIDDEN'))
          .slice(0, 1)
          .map((a) => (
            <li key={`override-${a.at}`} data-testid="return-flag" data-flag="OVERRIDDEN">
              <strong>{t('flagName', { flag: 'OVERRIDDEN' })}</strong> — {t('overriddenBy', { name: names.get(a.by) ?? a.by, reason: a.reason })}
            </li>
          ))}
      </ul>
    </article>
  );
}
