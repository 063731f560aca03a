/**
 * Customer lookup at the counter: name, e-mail, phone, loyalty number or order number, through the server (every
 * customer); offline, only the customers on this device, and the screen says so plainly.
 */
import { useEffect, useState } from 'react';
import type { CustomerSearchOutcome } from '../../data/customers';
import { MIN_QUERY, searchCustomers, useWorkingSetSize } from '../../data/customers';
import { useSession } from '../../data/context';
import { useSyncStatus } from '../../data/hooks';
import { useUi } from '../../state/ui';
import { useErrorText } from '../errors/useErrorText';
import { background } from '../../util/background';
import { useOpenCustomer } from './useOpenCustomer';
import { useCustomerText } from './useCustomerText';
import './customers.css';

export function CustomerSearch(): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const { online } = useSyncStatus();
  const staff = useUi((s) => s.staff);
  const size = useWorkingSetSize();
  const open = useOpenCustomer();
  const { t } = useCustomerText();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<{ q: string; outcome: CustomerSearchOutcome } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!staff || query.trim().length < MIN_QUERY) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      background(
        searchCustomers(session, query, online, controller.signal).then(
          (outcome) => {
            setError(null);
            setResult({ q: query, outcome });
          },
          (e: unknown) => {
            if (!controller.signal.aborted) setError(errorText(e));
          },
        ),
        'customer search',
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [session, query, online, staff]);

  if (!staff) {
    return (
      <section className="customer-search" data-testid="customer-search">
        <h1>{t('customers')}</h1>
        <p className="signin-needed" role="alert">
          {t('signInToLookUp')}
        </p>
      </section>
    );
  }
  const outcome = result && query.trim().length >= MIN_QUERY ? result.outcome : null;
  return (
    <section className="customer-search" data-testid="customer-search">
      <h1>{t('customers')}</h1>
      <input className="customer-query" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('queryPlaceholder')} aria-label={t('queryLabel')} data-testid="customer-query" autoFocus />
      {(!online || outcome?.scope === 'device') && (
        <p className="offline-scope" role="status" data-testid="customer-search-offline">
          {t('offlineScope', { count: size ?? 0 })}
        </p>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      {outcome && (
        <ul className="customer-hits" data-testid="customer-hits">
          {outcome.hits.length === 0 && <li className="muted">{t(outcome.scope === 'device' ? 'noMatchDevice' : 'noMatch', { query: result?.q ?? '' })}</li>}
          {outcome.hits.map((h) => (
            <li key={h.customerId}>
              <button
                type="button"
                className="customer-hit ghost"
                data-testid="customer-hit"
                data-customer-id={h.customerId}
                onClick={() =>
                  void open.byId(h.customerId, 'search').catch((e: unknown) => setError(errorText(e)))
                }
              >
                <strong>
                  {h.firstName} {h.lastName}
                </strong>
                <span className={`tier tier-${h.tier}`}>{t('tier', { tier: h.tier })}</span>
                <span className="mono muted">{h.emailMasked}</span>
                <span className="mono muted">{h.phoneMasked}</span>
                <span className="muted">{t('matched', { what: h.matched })}</span>
                {h.inWorkingSet && <span className="badge">{t('onDevice')}</span>}
              </button>
            </li>
          ))}
          {outcome.more && <li className="muted">{t('more')}</li>}
        </ul>
      )}
    </section>
  );
}
