/** Manager screen: reset a colleague's PIN (renderer/data/pinReset.ts); the new PIN is typed twice, never shown. */
import { useState } from 'react';
import { useSession } from '../../data/context';
import { resetPinAtCounter } from '../../data/pinReset';
import { useErrorText } from '../errors/useErrorText';
import { AisleError } from '../../../shared/errors';
import { useI18n } from '../../i18n';
import { pinResetMessages } from './pinReset.messages';

export function PinResetForm({ managerId }: { managerId: string }): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const [who, setWho] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const { t } = useI18n(pinResetMessages);
  // The data layer's refusals by code, in the store's language; anything else (a rate limit, the server's own
  // words) as it came.
  const refusal = (error: unknown, typed: string): string => {
    const code = error instanceof AisleError ? error.code : null;
    if (code === 'VALIDATION_FAILED') return t('badPin');
    if (code === 'NOT_FOUND') return t('noStaff', { who: typed.trim() });
    if (code === 'UNAUTHENTICATED') return t('needsOnline');
    if (code === 'FORBIDDEN') return t('managersOnly');
    return errorText(error);
  };

  async function submit(): Promise<void> {
    if (pin !== again) {
      setOutcome({ ok: false, text: t('mismatch') });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const done = await resetPinAtCounter(session, managerId, who, pin);
      setOutcome({ ok: true, text: t('done', { name: done.name }) });
      setWho('');
    } catch (error) {
      setOutcome({ ok: false, text: refusal(error, who) });
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
      aria-label={t('title')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{t('title')}</h2>
      <p className="muted small">{t('hint')}</p>
      <input data-testid="pin-reset-staff" aria-label={t('staffLabel')} placeholder={t('staffPlaceholder')} value={who} onChange={(e) => setWho(e.target.value)} autoComplete="off" size={10} />
      <input data-testid="pin-reset-pin" aria-label={t('pinLabel')} placeholder={t('pinLabel')} type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" size={10} maxLength={12} />
      <input data-testid="pin-reset-again" aria-label={t('againLabel')} placeholder={t('againPlaceholder')} type="password" inputMode="numeric" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="off" size={10} maxLength={12} />
      <button type="submit" data-testid="pin-reset-submit" disabled={busy || who.trim() === '' || pin === '' || again === ''}>
        {busy ? t('busy') : t('submit')}
      </button>
      {outcome && (
        <p className={outcome.ok ? 'pickup-notice ok' : 'pickup-notice warn'} role={outcome.ok ? 'status' : 'alert'} data-testid="pin-reset-outcome">
          {outcome.text}
        </p>
      )}
    </form>
  );
}
