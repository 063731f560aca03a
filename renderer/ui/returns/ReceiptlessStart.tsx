/**
 * A return without a receipt is for an identified customer (the policy limits receiptless returns per customer and
 * period): scan their loyalty card, or type its number. The items are then scanned one by one.
 */
import { useState } from 'react';
import { useSession } from '../../data/context';
import { useSyncStatus } from '../../data/hooks';
import { customerForCard } from '../../data/returns';
import { useScanHandler } from '../../scan';
import { background } from '../../util/background';
import { useErrorText } from '../errors/useErrorText';
import { SCREEN_FOCUS_ATTR } from '../a11y/screenFocus';
import { useReturnText } from './useReturnText';

export function ReceiptlessStart({ onStart, onBack }: { onStart: (customerId: string, name: string) => void; onBack: () => void }): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const { online } = useSyncStatus();
  const { t } = useReturnText();
  const [card, setCard] = useState('');
  const [error, setError] = useState<string | null>(null);

  const identify = async (number: string): Promise<void> => {
    setError(null);
    try {
      const who = await customerForCard(session, number, online);
      onStart(who.customerId, who.name);
    } catch (e) {
      setError(errorText(e));
      throw e;
    }
  };
  // The customer's card, scanned here, identifies them for this return (not "open their profile").
  useScanHandler('loyalty', (scan) => identify(scan.cardNumber));

  return (
    <section className="return-receiptless-start" data-testid="return-receiptless-start" aria-labelledby="receiptless-title">
      <h1 id="receiptless-title">{t('receiptlessTitle')}</h1>
      <p>{t('identifyLead')}</p>
      <form
        className="card return-form"
        onSubmit={(e) => {
          e.preventDefault();
          background(identify(card).catch(() => undefined), 'receiptless identify');
        }}
      >
        <label>
          {t('loyaltyCard')}
          <input data-testid="return-loyalty" inputMode="numeric" value={card} onChange={(e) => setCard(e.target.value)} autoComplete="off" {...{ [SCREEN_FOCUS_ATTR]: '' }} />
        </label>
        <button type="submit" className="primary" data-testid="return-identify" disabled={card.trim() === ''}>
          {t('identify')}
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert" data-testid="return-identify-error">
          {error}
        </p>
      )}
      <button type="button" className="ghost" onClick={onBack}>
        {t('back')}
      </button>
    </section>
  );
}
