/**
 * Who the customer is: name, tier, points, store credit, member since, home store, consents, and the contact
 * details masked until an associate reveals them — each reveal is recorded (who, when, which device) before the
 * detail is shown, offline too.
 */
import { useState } from 'react';
import type { CustomerDoc, Consent } from '../../../shared/customers/types';
import { formatMoney } from '../../../shared/money';
import { useSession } from '../../data/context';
import { useStore } from '../../data/hooks';
import { recordReveal } from '../../data/customerEvents';
import { errorText } from '../../util/errorText';
import { TIER_LABEL, formatDate } from './customerFormat';

function ConsentLine({ label, consent }: { label: string; consent: Consent | null }): React.JSX.Element {
  if (!consent) return <li data-testid="consent" data-granted="unknown">{label}: not asked</li>;
  return (
    <li data-testid="consent" data-granted={consent.granted ? 'yes' : 'no'}>
      {label}: <strong>{consent.granted ? 'yes' : 'no'}</strong>{' '}
      <span className="muted">
        ({consent.granted ? 'given' : 'withdrawn'} {formatDate(consent.at)}, {consent.channel === 'store' ? 'in store' : consent.channel}, {consent.method.replaceAll('-', ' ')})
      </span>
    </li>
  );
}

function Contact({ customer, field, staffId }: { customer: CustomerDoc; field: 'email' | 'phone'; staffId: string }): React.JSX.Element {
  const session = useSession();
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const masked = field === 'email' ? customer.contact.emailMasked : customer.contact.phoneMasked;
  const full = field === 'email' ? customer.contact.email : customer.contact.phone;
  if (full === '') return <span className="muted">{field === 'email' ? 'No e-mail' : 'No phone'}</span>;
  const reveal = async (): Promise<void> => {
    setError(null);
    try {
      // Recorded first: a detail is never shown without its reveal in the log.
      await recordReveal(session, customer.customerId, staffId, field);
      setShown(true);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <span className="contact" data-testid={`contact-${field}`} data-revealed={shown}>
      <span className="mono">{shown ? full : masked}</span>
      {!shown && (
        <button type="button" className="ghost small" data-testid={`reveal-${field}`} onClick={() => void reveal()}>
          Show {field === 'email' ? 'e-mail' : 'phone'}
        </button>
      )}
      {error && <span role="alert" className="form-error">{error}</span>}
    </span>
  );
}

export function ProfileWho({ customer, staffId }: { customer: CustomerDoc; staffId: string }): React.JSX.Element {
  const home = useStore(customer.homeStoreId);
  return (
    <section className="profile-who card" aria-label="Customer">
      <div className="who-head">
        <h1 data-testid="customer-name">
          {customer.contact.firstName} {customer.contact.lastName}
        </h1>
        <span className={`tier tier-${customer.tier}`} data-testid="customer-tier">
          {TIER_LABEL[customer.tier]}
        </span>
      </div>
      <dl className="who-facts">
        <div>
          <dt>Points</dt>
          <dd data-testid="customer-points">{customer.points.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>Store credit</dt>
          <dd data-testid="customer-credit">{formatMoney(customer.storeCredit)}</dd>
        </div>
        <div>
          <dt>Member since</dt>
          <dd>{formatDate(customer.memberSince)}</dd>
        </div>
        <div>
          <dt>Home store</dt>
          <dd>{customer.homeStoreId === '' ? '—' : (home?.name ?? customer.homeStoreId)}</dd>
        </div>
        <div>
          <dt>Card</dt>
          <dd className="mono" data-testid="customer-card">{customer.loyaltyNumber === '' ? 'none' : customer.loyaltyNumber}</dd>
        </div>
      </dl>
      <div className="who-contact">
        <Contact customer={customer} field="email" staffId={staffId} />
        <Contact customer={customer} field="phone" staffId={staffId} />
      </div>
      <ul className="consents" aria-label="Consents">
        <ConsentLine label="E-mail marketing" consent={customer.consents.email} />
        <ConsentLine label="SMS" consent={customer.consents.sms} />
      </ul>
    </section>
  );
}
