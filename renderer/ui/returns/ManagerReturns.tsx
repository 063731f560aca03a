/**
 * Manager area, "Returns": returns waiting for a manager's approval (saved at the counter to wait), flagged returns
 * (lost the race for the last units, over the receiptless limit, overridden, receipt refused by the server…) with
 * what happened, and the returns KPIs (ReturnKpiCharts). Lists come from this store's returns on the device, so they
 * work offline; a manager approves with their PIN like at the counter.
 */
import { useState } from 'react';
import { money as moneyOf } from '../../../shared/money';
import { foldReturn, type ReturnDoc } from '../../../shared/returns';
import { useSession } from '../../data/context';
import { useStaffNames } from '../../data/pickups';
import { approveWaitingReturn, plannedAllocations, saleForDoc, unitValues, useReturnSettings, useStoreReturns, type ManagerApproval } from '../../data/returns';
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
  const state = foldReturn(doc.events);
  const refused = state.verdicts.some((v) => v.verdict === 'refused');
  const approve = (a: ManagerApproval): void => {
    setAsking(false);
    // The refund planned now, by the same rules as at the counter (offline: only tenders that cannot be spent twice).
    background(
      (async () => {
        const sale = await saleForDoc(session, doc, settings);
        const values = await unitValues(session, state.lines.map((l) => l.variantId));
        const plan = plannedAllocations(doc, settings, online, sale, values);
        if (!plan.ok) throw new Error(t('tenderProblem', { problem: plan.code }));
        await approveWaitingReturn(session, doc.id, a, plan.allocations);
      })().catch((e: unknown) => setError(errorText(e))),
      'approve waiting return',
    );
  };
  return (
    <article className="manager-card card" data-testid="return-waiting" data-return-id={doc.id}>
      <ReturnHead doc={doc} />
      <button type="button" className="primary" data-testid="return-waiting-approve" onClick={() => setAsking(true)}>
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
