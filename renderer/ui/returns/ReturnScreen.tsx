/**
 * Counter: a return, in three steps — find the order, pick what comes back (reason, condition, verdict, refund,
 * manager approval), done (receipt printed, the customer e-mailed by the server once it has the return). Each step
 * moves focus per the focus rule (a11y/screenFocus.ts). The return is recorded in the local database first, so all
 * of it works offline within the limits the screen names; only the draft lives in UI state until then.
 */
import { useEffect, useMemo, useState } from 'react';
import { DEFAULT_RETURN_POLICY, type RefundChoice } from '../../../shared/returns';
import { useSession } from '../../data/context';
import { useDeviceSettings, useStore, useSyncStatus } from '../../data/hooks';
import {
  assessDraft,
  draftFor,
  findLocalOrder,
  foundFromOrder,
  offlineCashGiven,
  orderFromReceipt,
  receiptlessHistory,
  recordReturn,
  returnedBefore,
  serverViewOfReceipt,
  unitValues,
  useReturnSettings,
  type DraftLine,
  type FoundOrder,
  type ManagerApproval,
  type RecordedReturn,
  type ReturnDraft,
} from '../../data/returns';
import { useUi } from '../../state/ui';
import { background } from '../../util/background';
import { useErrorText } from '../errors/useErrorText';
import { useScreenFocus } from '../a11y/screenFocus';
import { useReturnText } from './useReturnText';
import { ReturnFind } from './ReturnFind';
import { ReturnPick } from './ReturnPick';
import { ReturnDone } from './ReturnDone';
import { ReceiptlessStart } from './ReceiptlessStart';
import { ManagerApprovalDialog } from './ManagerApprovalDialog';
import './returns.css';

type Step = { name: 'find' } | { name: 'receiptless' } | { name: 'pick'; draft: ReturnDraft } | { name: 'done'; recorded: RecordedReturn };

/** Per sale line: the larger of what the server and this device know was returned (this device may hold unsynced returns). */
function union(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>> | null): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, n] of Object.entries(b ?? {})) out[k] = Math.max(out[k] ?? 0, n);
  return out;
}

export function ReturnScreen({ orderId }: { orderId: string | null }): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const staff = useUi((s) => s.staff);
  const { online } = useSyncStatus();
  const device = useDeviceSettings();
  const currency = useStore(device.storeId)?.currency ?? 'USD';
  const { t } = useReturnText();
  const [step, setStep] = useState<Step>({ name: 'find' });
  const [approval, setApproval] = useState<ManagerApproval | null>(null);
  const [asking, setAsking] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [before, setBefore] = useState<Readonly<Record<string, number>>>({});
  const [choice, setChoice] = useState<RefundChoice>('original');
  const [cashGiven, setCashGiven] = useState(0);
  const [receiptless, setReceiptless] = useState({ count: 0, amount: 0 });
  const [values, setValues] = useState<Readonly<Record<string, number>>>({});
  const settings = useReturnSettings(online);
  // Each step is a new screen for the focus rule.
  useScreenFocus(`return:${step.name}`);

  /** The pick step for a found sale, knowing what was already returned from it (server and this device). */
  async function start(found: FoundOrder): Promise<void> {
    setApproval(null);
    setChoice('original');
    setError(null);
    let f = found;
    if (found.code !== '' && found.serverReturned === null && online) {
      const view = await serverViewOfReceipt(session, found.code);
      if (view) f = { ...found, serverReturned: view.returned, customerId: found.customerId || view.customerId, sale: { ...found.sale, handedOverAt: view.handedOverAt ?? found.sale.handedOverAt } };
    }
    setBefore(union(await returnedBefore(session, f.sale.orderId), f.serverReturned));
    setCashGiven(await offlineCashGiven(session));
    setStep({ name: 'pick', draft: await draftFor(session, f) });
  }

  // Opened from a customer's order ("Return items"): start from that order.
  useEffect(() => {
    if (orderId === null) return;
    background(
      findLocalOrder(session, orderId).then(async (order) => {
        if (order) await start(foundFromOrder(order, 'customer'));
      }),
      'return from profile',
    );
    // start() only reads the session; running again for a new order id is the intent.
  }, [session, orderId]);

  const draft = step.name === 'pick' ? step.draft : null;
  // Receiptless: the store-credit value of each scanned product (today's price on this device).
  const variantKey = draft?.start.kind === 'receiptless' ? draft.lines.map((l) => l.variantId).join('|') : '';
  useEffect(() => {
    if (variantKey === '') return;
    background(unitValues(session, variantKey.split('|')).then(setValues), 'receiptless values');
  }, [session, variantKey]);

  const assessment = useMemo(
    () => (draft ? assessDraft(draft, { online, now: new Date().toISOString(), settings, returnedBefore: before, receiptless, unitValue: values, approval, choice, offlineCashGiven: cashGiven }) : null),
    [draft, online, settings, before, receiptless, values, approval, choice, cashGiven],
  );

  if (!staff) {
    return (
      <section className="return-screen" data-testid="return-sign-in">
        <h1>{t('findTitle')}</h1>
        <p>{t('signInFirst')}</p>
      </section>
    );
  }

  const restart = (): void => {
    setStep({ name: 'find' });
    setApproval(null);
    setError(null);
  };

  const complete = (settle: boolean): void => {
    if (!draft || !assessment) return;
    setBusy(true);
    setError(null);
    background(
      recordReturn(session, draft, assessment, staff.id, settle ? approval : null, online, settle)
        .then((recorded) => setStep({ name: 'done', recorded }), (e: unknown) => setError(errorText(e)))
        .finally(() => setBusy(false)),
      'record return',
    );
  };

  const startReceiptless = (customerId: string, customerName: string): void => {
    background(
      receiptlessHistory(session, customerId, settings?.policy.receiptless.periodDays ?? 90, Date.now()).then((h) => {
        setReceiptless(h);
        setApproval(null);
        setChoice('store-credit');
        setStep({ name: 'pick', draft: { start: { kind: 'receiptless', customerId, customerName, currency }, lines: [] } });
      }),
      'receiptless start',
    );
  };

  return (
    <div className="return-screen" data-testid="return-screen" data-step={step.name} data-online={online}>
      {step.name === 'find' && <ReturnFind fromReceipt={(text) => orderFromReceipt(session, text, settings)} onFound={(found) => background(start(found), 'start return')} onReceiptless={() => setStep({ name: 'receiptless' })} />}
      {step.name === 'receiptless' && <ReceiptlessStart onStart={startReceiptless} onBack={restart} />}
      {step.name === 'pick' && draft && assessment && (
        <ReturnPick
          draft={draft}
          assessment={assessment}
          online={online}
          cash={{ left: Math.max(0, (settings?.policy.offlineCashCap ?? DEFAULT_RETURN_POLICY.offlineCashCap) - cashGiven), share: settings?.offlineCash ?? null }}
          choice={choice}
          onChoice={(c) => {
            setApproval(null);
            setChoice(c);
          }}
          problem={assessment.plan.ok ? null : assessment.plan.code}
          onChange={(lines: DraftLine[]) => {
            // A changed return needs a fresh approval: the manager approved what they saw.
            setApproval(null);
            setStep({ name: 'pick', draft: { ...draft, lines } });
          }}
          onApprove={(override) => setAsking(override)}
          onComplete={() => complete(true)}
          onPark={() => complete(false)}
          onCancel={restart}
          approval={approval}
          busy={busy}
          error={error}
        />
      )}
      {step.name === 'done' && <ReturnDone recorded={step.recorded} onNext={restart} />}
      {asking !== null && assessment && (
        <ManagerApprovalDialog
          override={asking}
          why={[...assessment.needsManager, ...assessment.refused].flatMap((k) => {
            const v = assessment.lines[k]?.verdict;
            return v && v.verdict !== 'allowed' ? [{ code: v.code, params: v.params }] : [];
          })}
          onApproved={(a) => {
            setApproval(a);
            setAsking(null);
          }}
          onClose={() => setAsking(null)}
        />
      )}
    </div>
  );
}
