/**
 * Counter: a return, in three steps — find the order, pick what comes back (reason, condition, verdict, refund,
 * manager approval), done (receipt printed, the customer e-mailed by the server once it has the return). Each step
 * moves focus per the focus rule (a11y/screenFocus.ts). The return is recorded in the local database first, so all
 * of it works offline within the limits the screen names; nothing of the order is kept in UI state beyond the draft.
 */
import { useEffect, useMemo, useState } from 'react';
import { useSession } from '../../data/context';
import { useSyncStatus } from '../../data/hooks';
import { assessDraft, draftFor, findLocalOrder, foundFromOrder, orderFromReceipt, recordReturn, returnedBefore, useReturnSettings, type DraftLine, type FoundOrder, type ManagerApproval, type RecordedReturn, type ReturnDraft } from '../../data/returns';
import { useUi } from '../../state/ui';
import { background } from '../../util/background';
import { errorText } from '../../util/errorText';
import { useScreenFocus } from '../a11y/screenFocus';
import { useReturnText } from './useReturnText';
import { ReturnFind } from './ReturnFind';
import { ReturnPick } from './ReturnPick';
import { ReturnDone } from './ReturnDone';
import { ReceiptlessStart } from './ReceiptlessStart';
import { ManagerApprovalDialog } from './ManagerApprovalDialog';
import './returns.css';

type Step = { name: 'find' } | { name: 'receiptless' } | { name: 'pick'; draft: ReturnDraft } | { name: 'done'; recorded: RecordedReturn };

export function ReturnScreen({ orderId }: { orderId: string | null }): React.JSX.Element {
  const session = useSession();
  const staff = useUi((s) => s.staff);
  const { online } = useSyncStatus();
  const { t } = useReturnText();
  const [step, setStep] = useState<Step>({ name: 'find' });
  const [approval, setApproval] = useState<ManagerApproval | null>(null);
  const [asking, setAsking] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [before, setBefore] = useState<Readonly<Record<string, number>>>({});
  const settings = useReturnSettings(online);
  // Each step is a new screen for the focus rule.
  useScreenFocus(`return:${step.name}`);

  /** The pick step for a found sale, knowing what returns on this device already took from it. */
  async function start(found: FoundOrder): Promise<void> {
    setApproval(null);
    setBefore(await returnedBefore(session, found.sale.orderId));
    setStep({ name: 'pick', draft: await draftFor(session, found) });
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
  const assessment = useMemo(() => (draft ? assessDraft(draft, { online, now: new Date().toISOString(), storeId: session.settings.storeId, settings, returnedBefore: before }) : null), [draft, online, session, settings, before]);

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

  const complete = (settle = true): void => {
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

  return (
    <div className="return-screen" data-testid="return-screen" data-step={step.name} data-online={online}>
      {step.name === 'find' && (
        <ReturnFind
          fromReceipt={(text) => orderFromReceipt(session, text, settings)}
          onFound={(found) => background(start(found), 'start return')}
          onReceiptless={() => setStep({ name: 'receiptless' })}
        />
      )}
      {step.name === 'receiptless' && <ReceiptlessStart onStart={(customerId, customerName) => setStep({ name: 'pick', draft: { start: { kind: 'receiptless', customerId, customerName }, lines: [] } })} onBack={restart} />}
      {step.name === 'pick' && draft && assessment && (
        <ReturnPick
          draft={draft}
          assessment={assessment}
          online={online}
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
