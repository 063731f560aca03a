/**
 * Counter: a return, in three steps — find the order, pick what comes back (reason, condition, verdict, refund,
 * manager approval), done (receipt printed, the customer e-mailed by the server once it has the return). Each step
 * moves focus per the focus rule (a11y/screenFocus.ts). The return is recorded in the local database first, so all
 * of it works offline within the limits the screen names; nothing of the order is kept in UI state beyond the draft.
 */
import { useEffect, useMemo, useState } from 'react';
import { useSession } from '../../data/context';
import { useSyncStatus } from '../../data/hooks';
import { assessReturn, draftFor, findLocalOrder, orderFromReceipt, recordReturn, type DraftLine, type ManagerApproval, type RecordedReturn, type ReturnDraft } from '../../data/returns';
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
  // Each step is a new screen for the focus rule.
  useScreenFocus(`return:${step.name}`);

  // Opened from a customer's order ("Return items"): start from that order.
  useEffect(() => {
    if (orderId === null) return;
    background(
      findLocalOrder(session, orderId).then((order) => {
        if (order) setStep({ name: 'pick', draft: draftFor({ order, via: 'customer', checked: 'device' }) });
      }),
      'return from profile',
    );
  }, [session, orderId]);

  const draft = step.name === 'pick' ? step.draft : null;
  const assessment = useMemo(() => (draft ? assessReturn(draft, { online, now: new Date().toISOString(), storeId: session.settings.storeId }) : null), [draft, online, session]);

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

  const complete = (): void => {
    if (!draft || !assessment) return;
    setBusy(true);
    setError(null);
    background(
      recordReturn(session, { ...draft, lines: draft.lines.filter((l) => l.quantity > 0) }, assessment, staff.id, approval)
        .then((recorded) => setStep({ name: 'done', recorded }), (e: unknown) => setError(errorText(e)))
        .finally(() => setBusy(false)),
      'record return',
    );
  };

  return (
    <div className="return-screen" data-testid="return-screen" data-step={step.name} data-online={online}>
      {step.name === 'find' && (
        <ReturnFind
          fromReceipt={(text) => orderFromReceipt(session, text)}
          onFound={(found) => {
            setApproval(null);
            setStep({ name: 'pick', draft: draftFor(found) });
          }}
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
          onComplete={complete}
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
          why={Object.values(assessment.lines).flatMap((l) => (l.verdict.kind === 'allowed' ? [] : [l.verdict.why]))}
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
