/**
 * A manager approves (or overrides) a return on the spot: staff number and PIN, checked like a sign-in (online
 * first, this counter's offline verifier otherwise; wrong PINs count toward the lockout), and a reason, which every
 * approval and override records. The associate stays signed in; the approval is recorded with the manager's name.
 */
import { useState } from 'react';
import { useSession } from '../../data/context';
import { verifyManager, type ManagerApproval } from '../../data/returns';
import { useErrorText } from '../errors/useErrorText';
import { Dialog } from '../a11y/Dialog';
import { useReturnText } from './useReturnText';

export function ManagerApprovalDialog({ override, why, onApproved, onClose }: { override: boolean; why: readonly { code: string; params: Record<string, number | string> }[]; onApproved: (a: ManagerApproval) => void; onClose: () => void }): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const { t } = useReturnText();
  const [who, setWho] = useState('');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (): void => {
    // Every approval says why (the server refuses one without a reason, like an override).
    if (reason.trim() === '') {
      setError(t('overrideReasonNeeded'));
      return;
    }
    setBusy(true);
    setError(null);
    verifyManager(session, who, pin)
      .then((r) => {
        if (r.ok) onApproved({ managerId: r.managerId, name: r.name, override, reason: reason.trim(), online: r.online });
        else setError(r.reason === 'not-manager' ? t('notAManager', { name: r.message }) : r.message);
      })
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => {
        setBusy(false);
        setPin('');
      });
  };

  return (
    <Dialog title={override ? t('overrideTitle') : t('approveTitle')} onClose={onClose} testId="return-approval" onSubmit={submit} closeOnBackdrop={false}>
      <p>{override ? t('overrideLead') : t('approveLead')}</p>
      {why.length > 0 && (
        <ul className="approval-why" data-testid="approval-why">
          {why.map((w, i) => (
            <li key={`${w.code}-${i}`}>{t('why', { code: w.code, ...w.params })}</li>
          ))}
        </ul>
      )}
      <label>
        {t('managerNumber')}
        <input data-testid="approval-staff" data-autofocus="" value={who} onChange={(e) => setWho(e.target.value)} autoComplete="off" />
      </label>
      <label>
        {t('managerPin')}
        <input data-testid="approval-pin" type="password" inputMode="numeric" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" />
      </label>
      <label>
        {override ? t('overrideReason') : t('approvalNote')}
        <input data-testid="approval-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
      </label>
      {error && (
        <p className="form-error" role="alert" data-testid="approval-error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit" className="primary" data-testid="approval-submit" disabled={busy || who.trim() === '' || pin === '' || reason.trim() === ''}>
          {busy ? t('checking') : override ? t('override') : t('approve')}
        </button>
        <button type="button" className="ghost" onClick={onClose}>
          {t('cancel')}
        </button>
      </div>
    </Dialog>
  );
}
