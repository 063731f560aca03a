/**
 * The rest of the profile: recent online activity and the current online cart, sizes, associate notes (replicated,
 * attributed; this device's own not yet synced ones shown as such), "goes with" items in stock here, and adding to
 * the wishlist from the store.
 */
import { useState } from 'react';
import type { CustomerDoc, CustomerEventDoc, GoesWithItem } from '../../../shared/customers/types';
import { useSession } from '../../data/context';
import { useDataActions, useProduct, useStockHereMap, useVariant, useVariants } from '../../data/hooks';
import { useStaffNames } from '../../data/pickups';
import { addCustomerNote, addToWishlistInStore, CUSTOMER_NOTE_MAX } from '../../data/customerEvents';
import { useErrorText } from '../errors/useErrorText';
import { selectKey, useCustomerText } from './useCustomerText';

function VariantTitle({ variantId }: { variantId: string }): React.JSX.Element {
  const v = useVariant(variantId);
  return <>{v?.title ?? variantId}</>;
}

export function ProfileActivity({ customer }: { customer: CustomerDoc }): React.JSX.Element {
  const { t, money, dateTime } = useCustomerText();
  return (
    <section className="profile-activity card" aria-label={t('online')} data-testid="profile-activity">
      <h2>{t('online')}</h2>
      {customer.cart && customer.cart.lines.length > 0 ? (
        <div data-testid="online-cart">
          <h3>
            {t('cartNow')} <span className="muted">{t('cartWhere', { channel: t('channel', { channel: customer.cart.channel }), when: dateTime(customer.cart.updatedAt) })}</span>
          </h3>
          <ul>
            {customer.cart.lines.map((l) => (
              <li key={l.variantId}>
                {l.quantity} × <VariantTitle variantId={l.variantId} /> <span className="muted">{money(l.unitPrice)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">{t('noCart')}</p>
      )}
      <h3>{t('recentActivity')}</h3>
      {customer.activity.length === 0 ? (
        <p className="muted">{t('noActivity')}</p>
      ) : (
        <ul className="activity">
          {customer.activity.slice(0, 10).map((a, i) => (
            <li key={`${a.at}-${i}`} data-testid="activity-item">
              {t('activity', { type: selectKey(a.type) })} <VariantTitle variantId={a.variantId} /> <span className="muted">· {t('channel', { channel: a.channel })} · {dateTime(a.at)}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('sizes')}</h3>
      {customer.preferences.sizes.length === 0 ? (
        <p className="muted">{t('noSizes')}</p>
      ) : (
        <ul className="sizes" data-testid="customer-sizes">
          {customer.preferences.sizes.map((s) => (
            <li key={s.category}>
              {s.category}: <strong>{s.size}</strong>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ProfileNotes({ customer, pending, staffId }: { customer: CustomerDoc; pending: CustomerEventDoc[]; staffId: string }): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const names = useStaffNames();
  const { t, dateTime } = useCustomerText();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const local = pending.filter((e) => e.kind === 'note');
  const save = async (): Promise<void> => {
    setError(null);
    try {
      await addCustomerNote(session, customer.customerId, staffId, text);
      setText('');
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section className="profile-notes card" aria-label={t('notes')} data-testid="profile-notes">
      <h2>{t('notes')}</h2>
      <ul className="notes-list">
        {[...customer.notes].reverse().map((n) => (
          <li key={n.id} data-testid="customer-note">
            <p>{n.text}</p>
            <small className="muted">
              {names.get(n.staffId) ?? n.staffId} · {n.storeId === session.settings.storeId ? t('noteThisStore') : n.storeId} · {dateTime(n.at)}
            </small>
          </li>
        ))}
        {local.map((n) => (
          <li key={n.id} data-testid="customer-note" data-pending="true">
            <p>{n.text}</p>
            <small className="muted">
              {names.get(n.staffId) ?? n.staffId} · {t('noteThisDevice')}
            </small>
          </li>
        ))}
      </ul>
      <form
        className="note-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <textarea value={text} onChange={(e) => setText(e.target.value)} maxLength={CUSTOMER_NOTE_MAX} rows={2} aria-label={t('noteLabel')} placeholder={t('notePlaceholder')} data-testid="customer-note-input" />
        <button type="submit" disabled={text.trim() === ''} data-testid="customer-note-save">
          {t('addNote')}
        </button>
      </form>
      {error && <p role="alert" className="form-error">{error}</p>}
    </section>
  );
}

function GoesWithRow({ item, onAdd }: { item: GoesWithItem; onAdd: (variantId: string) => void }): React.JSX.Element | null {
  const product = useProduct(item.productId);
  const because = useProduct(item.becauseOf);
  const variants = useVariants(item.productId);
  const { t, money, number } = useCustomerText();
  const stock = useStockHereMap(variants?.map((v) => v.id) ?? []);
  const inStock = (variants ?? []).filter((v) => (stock?.get(v.id)?.available ?? 0) > 0);
  if (!product || inStock.length === 0) return null;
  const first = inStock[0]!;
  const units = inStock.reduce((n, v) => n + (stock?.get(v.id)?.available ?? 0), 0);
  return (
    <li className="goes-with-row" data-testid="goes-with-item" data-product-id={item.productId}>
      <div>
        <strong>{product.title}</strong> <span className="muted">{money(first.price)}</span>
        <small className="muted">{t('goesWithWhy', { product: because?.title ?? item.becauseOf, together: item.together, lift: number(item.lift, { maximumFractionDigits: 1 }) })}</small>
      </div>
      <span className="stock stock-ok">{t('unitsHere', { count: units })}</span>
      <button type="button" className="ghost small" onClick={() => onAdd(first.id)}>
        {t('addToWishlist')}
      </button>
    </li>
  );
}

export function GoesWith({ customer, staffId }: { customer: CustomerDoc; staffId: string }): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const { findByBarcode } = useDataActions();
  const { t } = useCustomerText();
  const [code, setCode] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const add = async (variantId: string): Promise<void> => {
    try {
      await addToWishlistInStore(session, customer.customerId, staffId, variantId);
      setNotice({ ok: true, text: t('addedToWishlist') });
    } catch (e) {
      setNotice({ ok: false, text: errorText(e) });
    }
  };
  const addByCode = async (): Promise<void> => {
    const found = await findByBarcode(code.trim());
    if (!found) {
      setNotice({ ok: false, text: t('noSuchCode', { code: code.trim() }) });
      return;
    }
    setCode('');
    await add(found.variantId);
  };
  return (
    <section className="profile-goes-with card" aria-label={t('goesWith')} data-testid="profile-goes-with">
      <h2>{t('goesWith')}</h2>
      {customer.goesWith.length === 0 ? <p className="muted">{t('noGoesWith')}</p> : <ul className="goes-with">{customer.goesWith.map((g) => <GoesWithRow key={g.productId} item={g} onAdd={(v) => void add(v)} />)}</ul>}
      <form
        className="wishlist-add"
        onSubmit={(e) => {
          e.preventDefault();
          void addByCode();
        }}
      >
        <input value={code} onChange={(e) => setCode(e.target.value)} placeholder={t('barcodeOrSku')} aria-label={t('addByCodeLabel')} data-testid="wishlist-add-code" />
        <button type="submit" disabled={code.trim() === ''} data-testid="wishlist-add-submit">
          {t('addToWishlist')}
        </button>
      </form>
      {notice && (
        <p role={notice.ok ? 'status' : 'alert'} className={notice.ok ? 'muted' : 'form-error'} data-testid="wishlist-add-notice">
          {notice.text}
        </p>
      )}
    </section>
  );
}
