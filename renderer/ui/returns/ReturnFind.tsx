/**
 * Step 1 of a return: find the order. Scan the receipt (anywhere on this screen: the wedge or the camera), type the
 * order number, or give the card's last 4 digits with the day and amount; from a customer's profile the order
 * arrives already chosen ("Return items"). No receipt at all: a receiptless return for an identified customer.
 */
import { useState } from 'react';
import type { OrderDoc } from '../../../shared/schemas/collections';
import { money as moneyOf } from '../../../shared/money';
import { useSession } from '../../data/context';
import { useDeviceSettings, useStore } from '../../data/hooks';
import { ReceiptRefused, findOrdersByCard, findOrdersByNumber, foundFromOrder, lookupOrdersOnline, type CardQuery, type FoundOrder } from '../../data/returns';
import { useSyncStatus } from '../../data/hooks';
import { useScanHandler } from '../../scan';
import { background } from '../../util/background';
import { useErrorText } from '../errors/useErrorText';
import { SCREEN_FOCUS_ATTR } from '../a11y/screenFocus';
import { useReturnText } from './useReturnText';

export interface ReturnFindProps {
  onFound: (found: FoundOrder) => void;
  onReceiptless: () => void;
  /** Verifies a scanned receipt code (offline, with the server's key) and returns its order. */
  fromReceipt: (text: string) => Promise<FoundOrder>;
}

export function ReturnFind({ onFound, onReceiptless, fromReceipt }: ReturnFindProps): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const device = useDeviceSettings();
  const store = useStore(device.storeId);
  const { t, money, date } = useReturnText();
  const [number, setNumber] = useState('');
  const [last4, setLast4] = useState('');
  const [day, setDay] = useState('');
  const [amount, setAmount] = useState('');
  const [matches, setMatches] = useState<FoundOrder[] | null>(null);
  const { online } = useSyncStatus();
  const [error, setError] = useState<string | null>(null);
  const timeZone = store?.timeZone ?? 'UTC';
  const currency = store?.currency ?? 'USD';

  // A receipt scanned while this screen is open starts its return (elsewhere a receipt opens the customer).
  useScanHandler('receipt', async (scan) => {
    setError(null);
    try {
      onFound(await fromReceipt(scan.raw));
    } catch (e) {
      const text = e instanceof ReceiptRefused ? t('receiptProblem', { problem: e.problem }) : errorText(e);
      setError(text);
      throw new Error(text);
    }
  });

  const show = (found: FoundOrder[]): void => {
    if (found.length === 1 && found[0]) onFound(found[0]);
    else setMatches(found);
  };

  /** Online the server knows every channel's orders (guests too); offline, or when it cannot answer, this store's. */
  const lookup = async (query: { number: string } | CardQuery, via: FoundOrder['via']): Promise<FoundOrder[]> => {
    if (online) {
      try {
        return await lookupOrdersOnline(session, query, via);
      } catch {
        // Unreachable after all: the working set below.
      }
    }
    const local: OrderDoc[] = 'number' in query ? await findOrdersByNumber(session, query.number) : await findOrdersByCard(session, query, timeZone);
    return local.map((o) => foundFromOrder(o, via));
  };

  const byNumber = (): void => {
    setError(null);
    background(
      lookup({ number }, 'order-number').then(
        (found) => (found.length === 0 ? setError(t('noOrderNumber', { number: number.trim() })) : show(found)),
        (e: unknown) => setError(errorText(e)),
      ),
      'return lookup by number',
    );
  };

  const byCard = (): void => {
    setError(null);
    const cents = Math.round(Number(amount.replace(',', '.')) * 100);
    if (!/^\d{4}$/.test(last4) || !/^\d{4}-\d{2}-\d{2}$/.test(day) || !Number.isFinite(cents) || cents <= 0) {
      setError(t('cardIncomplete'));
      return;
    }
    background(
      lookup({ last4, day, amount: cents }, 'card').then(
        (found) => (found.length === 0 ? setError(t('noCardMatch', { last4 })) : show(found)),
        (e: unknown) => setError(errorText(e)),
      ),
      'return lookup by card',
    );
  };

  return (
    <section className="return-find" data-testid="return-find" aria-labelledby="return-find-title">
      <h1 id="return-find-title">{t('findTitle')}</h1>
      <p className="return-scan-prompt card" data-testid="return-scan-prompt">
        <strong>{t('scanReceipt')}</strong> {t('scanReceiptHint')}
      </p>
      {error && (
        <p className="form-error" role="alert" data-testid="return-find-error">
          {error}
        </p>
      )}
      <div className="return-find-forms">
        <form
          className="card return-form"
          aria-labelledby="return-by-number"
          onSubmit={(e) => {
            e.preventDefault();
            byNumber();
          }}
        >
          <h2 id="return-by-number">{t('byNumber')}</h2>
          <label>
            {t('orderNumber')}
            <input data-testid="return-order-number" value={number} onChange={(e) => setNumber(e.target.value)} autoComplete="off" {...{ [SCREEN_FOCUS_ATTR]: '' }} />
          </label>
          <button type="submit" className="primary" data-testid="return-find-number" disabled={number.trim() === ''}>
            {t('find')}
          </button>
        </form>
        <form
          className="card return-form"
          aria-labelledby="return-by-card"
          onSubmit={(e) => {
            e.preventDefault();
            byCard();
          }}
        >
          <h2 id="return-by-card">{t('byCard')}</h2>
          <div className="return-card-fields">
            <label>
              {t('last4')}
              <input data-testid="return-card-last4" inputMode="numeric" maxLength={4} value={last4} onChange={(e) => setLast4(e.target.value.replace(/\D/g, ''))} autoComplete="off" />
            </label>
            <label>
              {t('day')}
              <input data-testid="return-card-day" type="date" value={day} onChange={(e) => setDay(e.target.value)} />
            </label>
            <label>
              {t('amount', { currency })}
              <input data-testid="return-card-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} autoComplete="off" />
            </label>
          </div>
          <button type="submit" className="primary" data-testid="return-find-card">
            {t('find')}
          </button>
        </form>
      </div>
      <p className="muted">{t('fromProfile')}</p>
      {matches && matches.length > 1 && (
        <section className="card return-matches" aria-labelledby="return-matches">
          <h2 id="return-matches">{t('matches', { count: matches.length })}</h2>
          <ul>
            {matches.map((f) => (
              <li key={f.sale.orderId}>
                <button type="button" data-testid="return-match" data-order-id={f.sale.orderId} onClick={() => onFound(f)}>
                  <span className="mono">{f.sale.orderNumber}</span> · {date(f.sale.placedAt)} · {money(moneyOf(f.sale.tenders.reduce((a, x) => a + x.amount, 0), f.sale.currency))}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="return-receiptless">
        <h2>{t('noReceipt')}</h2>
        <p className="muted">{t('noReceiptHint')}</p>
        <button type="button" data-testid="return-receiptless" onClick={onReceiptless}>
          {t('startReceiptless')}
        </button>
      </div>
    </section>
  );
}
