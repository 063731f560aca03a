/** Manager screen: reset a colleague's PIN (renderer/data/pinReset.ts); the new PIN is typed twice, never shown. */
import { useState } from 'react';
import { useSession } from '../../data/context';
import { resetPinAtCounter } from '../../data/pinReset';
import { errorText } from '../../util/errorText';

export function PinResetForm({ managerId }: { managerId: string }): React.JSX.Element {
  const session = useSession();
  const [who, setWho] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(): Promise<void> {
    if (pin !== again) {
      setOutcome({ ok: false, text: 'The two PINs are not the same.' });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const done = await resetPinAtCounter(session, managerId, who, pin);
      setOutcome({ ok: true, text: `New PIN set for ${done.name}. Their old PIN no longer works, on any counter.` });
      setWho('');
    } catch (error) {
      setOutcome({ ok: false, text: errorText(error) });
    } finally {
      setBusy(false);
      setPin('');
      setAgain('');
    }
  }

  return (
    <form
      className="pin-reset"
      data-testid="pin-reset"
      aria-label="Reset a staff PIN"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>Reset a staff PIN</h2>
      <p className="muted small">For someone locked out or who forgot it. 6 to 12 digits; not one digit repeated or a run like 123456.</p>
      <input data-testid="pin-reset-staff" aria-label="Staff number" placeholder="Staff no." value={who} onChange={(e) => setWho(e.target.value)} autoComplete="off" size={10} />
      <input data-testid="pin-reset-pin" aria-label="New PIN" placeholder="New PIN" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" size={10} maxLength={12} />
      <input data-testid="pin-reset-again" aria-label="New PIN again" placeholder="Again" type="password" inputMode="numeric" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="off" size={10} maxLength={12} />
      <button type="submit" data-testid="pin-reset-submit" disabled={busy || who.trim() === '' || pin === '' || again === ''}>
        {busy ? 'Setting…' : 'Set new PIN'}
      </button>
      {outcome && (
        <p className={outcome.ok ? 'pickup-notice ok' : 'pickup-notice warn'} role={outcome.ok ? 'status' : 'alert'} data-testid="pin-reset-outcome">
          {outcome.text}
        </p>
      )}
    </form>
  );
}
