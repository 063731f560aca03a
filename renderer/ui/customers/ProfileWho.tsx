/**
 * Who the customer is: name, tier, points, store credit, member since, home store, consents, and the contact
 * details masked until an associate reveals them — each reveal is recorded (who, when, which device) before the
 * detail is shown, offline too.
 */
import { useState } from 'react';
import type { CustomerDoc, Consent } from '../../../shared/customers/types';
import { useSession } from '../../data/context';
import { useStore } from '../../data/hooks';
import { recordReveal } from '../../data/customerEvents';
import { useErrorText } from '../errors/useErrorText';
import { useCustomerText } from './useCustomerText';

function ConsentLine({ label, consent }: { label: string; consent: Consent | null }): React.JSX.Element {
  const { t, date } = useCustomerText();
  if (!consent) return <li data-testid="consent" data-granted="unknown">{t('consentNotAsked', { label })}</li>;
  const granted = consent.granted ? 'yes' : 'no';
  return (
    <li data-testid="consent" data-granted={granted}>
      <strong>{t('consentLine', { label, granted })}</strong>{' '}
      <span className="muted">{t('consentDetail', { granted, date: date(consent.at), where: consent.channel === 'store' ? t('inStore') : t('channel', { channel: consent.channel }), method: consent.method.replaceAll('-', ' ') })}</span>
    </li>
  );
}

function Contact({ customer, field, staffId }: { customer: CustomerDoc; field: 'email' | 'phone'; staffId: string }): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const { t } = useCustomerText();
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const masked = field === 'email' ? customer.contact.emailMasked : customer.contact.phoneMasked;
  const full = field === 'email' ? customer.contact.email : customer.contact.phone;
  if (full === '') return <span className="muted">{field === 'email' ? t('noEmail') : t('noPhone')}</span>;
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
          {t('reveal', { field })}
        </button>
      )}
      {error && <span role="alert" className="form-error">{error}</span>}
    </span>
  );
}

export function ProfileWho({ customer, staffId }: { customer: CustomerDoc; staffId: string }): React.JSX.Element {
  const home = useStore(customer.homeStoreId);
  const { t, money, number, date } = useCustomerText();
  return (
    <section className="profile-who card" aria-label={t('customer')}>
      <div className="who-head">
        <h1 data-testid="customer-name">
          {customer.contact.firstName} {customer.contact.lastName}
        </h1>
        <span className={`tier tier-${customer.tier}`} data-testid="customer-tier">
          {t('tier', { tier: customer.tier })}
        </span>
      </div>
      <dl className="who-facts">
        <div>
          <dt>{t('points')}</dt>
          <dd data-testid="customer-points">{number(customer.points)}</dd>
        </div>
        <div>
          <dt>{t('storeCredit')}</dt>
          <dd data-testid="customer-credit">{money(customer.storeCredit)}</dd>
        </div>
        <div>
          <dt>{t('memberSince')}</dt>
          <dd>{date(customer.memberSince)}</dd>
        </div>
        <div>
          <dt>{t('homeStore')}</dt>
          <dd>{customer.homeStoreId === '' ? '—' : (home?.name ?? customer.homeStoreId)}</dd>
        </div>
        <div>
          <dt>{t('card')}</dt>
          <dd className="mono" data-testid="customer-card">{customer.loyaltyNumber === '' ? t('noCard') : customer.loyaltyNumber}</dd>
        </div>
      </dl>
      <div className="who-contact">
        <Contact customer={customer} field="email" staffId={staffId} />
        <Contact customer={customer} field="phone" staffId={staffId} />
      </div>
      <ul className="consents" aria-label={t('consents')}>
        <ConsentLine label={t('consentEmail')} consent={customer.consents.email} />
        <ConsentLine label={t('consentSms')} consent={customer.consents.sms} />
      </ul>
    </section>
  );
}
