/**
 * One pickup at the counter. While new or being picked: the pick list — every item is confirmed by scanning it
 * (the wrong item is refused, quantities count up), with a manual +1 for labels that will not scan, rejection of
 * units with a reason, and the staging location that makes it ready. While ready: the handover — verify the
 * customer (their pickup QR scanned, or an ID check), who collects and for whom, then hand over and print the
 * receipt. Every change is a command from shared/pickup recorded in the local database first, so all of it
 * works offline; refusals are shown in the domain's own words.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PickupCommand, PickupDoc, PickupState, RejectReason } from '../../../shared/pickup/types';
import { REJECT_REASONS } from '../../../shared/pickup/types';
import { foldDoc } from '../../../shared/pickup/lifecycle';
import { normalisePickupCode, pickupCodeFromInput } from '../../../shared/pickup/codes';
import { multiplyMoney } from '../../../shared/money';
import { useSession } from '../../data/context';
import { useErrorText } from '../errors/useErrorText';
import { findPickupByCode, newEventId, usePickup, useStaffNames, runPickupCommand } from '../../data/pickups';
import { useDeviceSettings, useStore, useSyncStatus } from '../../data/hooks';
import { getDesktopApi } from '../../host/desktopApi';
import { useScanHandler } from '../../scan';
import { useUi } from '../../state/ui';
import { useNow } from '../useNow';
import { minutesUntil } from './managerFormat';
import { useI18n } from '../../i18n';
import { managerMessages } from './manager.messages';
import { usePickupWords } from './words';
import { pickupReceiptHtml, receiptQrSvg } from './receipt';
import { signedReceiptCode } from '../../data/receiptCodes';
import { PickLineItem, usePickLineDetails } from './PickLineItem';
import { PickupMessages } from './PickupMessages';
import { PickupHistory } from './PickupHistory';
import { SignInToSee } from './PickupQueue';
import { HandoverWishlist } from '../customers/HandoverWishlist';
import './pickup.css';


type Notice = { kind: 'ok' | 'warn'; text: string } | null;


export function PickupScreen({ pickupId, codeScanned = false }: { pickupId: string; codeScanned?: boolean }): React.JSX.Element {
  const doc = usePickup(pickupId);
  const openPickups = useUi((s) => s.openPickups);
  const { t } = usePickupWords();
  if (doc === undefined) return <div className="loading muted">{t('loading')}</div>;
  if (doc === null) {
    return (
      <div className="pickup-screen">
        <button type="button" className="ghost" onClick={openPickups} data-screen-focus="">
          {t('back')}
        </button>
        <p role="alert">{t('notOnDevice')}</p>
      </div>
    );
  }
  return <PickupView doc={doc} codeScanned={codeScanned} />;
}

type Attempt = { ok: true } | { ok: false; text: string };

/** Runs commands as the signed-in staff member and reports refusals; null staff means nothing may change. */
function useCommands(pickupId: string): {
  run: (command: PickupCommand, eventId?: string) => Promise<boolean>;
  /** As run, but also hands back the refusal text (a scan handler throws it, so the scan toast says it too). */
  attempt: (command: PickupCommand, eventId?: string) => Promise<Attempt>;
  notice: Notice;
  setNotice: (n: Notice) => void;
  staffId: string | null;
} {
  const session = useSession();
  const errorText = useErrorText();
  const staff = useUi((s) => s.staff);
  const [notice, setNotice] = useState<Notice>(null);
  const { t } = usePickupWords();
  const attempt = useCallback(
    async (command: PickupCommand, eventId?: string): Promise<Attempt> => {
      const refused = (text: string): Attempt => {
        setNotice({ kind: 'warn', text });
        return { ok: false, text };
      };
      if (!staff) return refused(t('signInFirst'));
      try {
        const result = await runPickupCommand(session, pickupId, command, staff.id, eventId);
        return result.ok ? { ok: true } : refused(t(`refusal_${result.refusal.code}`));
      } catch (error) {
        // The local write itself failed (disk full, database closed): say so; nothing was recorded.
        return refused(t('saveFailed', { error: errorText(error) }));
      }
    },
    [session, pickupId, staff, t, errorText],
  );
  const run = useCallback(async (command: PickupCommand, eventId?: string): Promise<boolean> => (await attempt(command, eventId)).ok, [attempt]);
  return { run, attempt, notice, setNotice, staffId: staff?.id ?? null };
}

function PickupView({ doc, codeScanned }: { doc: PickupDoc; codeScanned: boolean }): React.JSX.Element {
  const state = foldDoc(doc);
  const openPickups = useUi((s) => s.openPickups);
  const commands = useCommands(doc.id);
  const now = new Date(useNow(30_000)).toISOString();
  const active = state.status === 'placed' || state.status === 'picking' || state.status === 'ready';
  // Personal data (name, contact, who collected) is for signed-in staff only; the pick list holds none.
  const signedIn = commands.staffId !== null;
  const { t, dateTime, duration } = usePickupWords();
  const { t: tm } = useI18n(managerMessages);
  const rel = (due: string, future: 'readyIn' | 'heldEndsIn', past: 'readyAgo' | 'holdEndedAgo'): string => {
    const m = minutesUntil(now, due);
    return m < 0 ? t(past, { duration: duration(-m) }) : t(future, { duration: duration(m) });
  };
  return (
    <article className="pickup-screen" data-testid="pickup-screen" data-pickup-id={doc.id} data-status={state.status}>
      <div className="pickup-head">
        <button type="button" className="ghost" data-testid="back-to-queue" onClick={openPickups}>
          {t('back')}
        </button>
        <div>
          <p className="eyebrow">
            {t('channelOrder', { channel: doc.channel })} · {t('placedAt', { when: dateTime(doc.placedAt) })}
          </p>
          {signedIn ? (
            <>
              <h1>
                {doc.orderNumber} — {doc.customer.firstName} {doc.customer.lastName}
              </h1>
              <p className="muted">
                {doc.customer.email} · {doc.customer.phone}
              </p>
            </>
          ) : (
            <>
              <h1>{doc.orderNumber}</h1>
              <SignInToSee what="customer" />
            </>
          )}
        </div>
        <div className={`status-banner ${state.status}`} data-testid="pickup-status">
          {t(`title_${state.status}`)}
          {(state.status === 'placed' || state.status === 'picking') && <small>{rel(doc.promisedReadyAt, 'readyIn', 'readyAgo')}</small>}
          {state.status === 'ready' && <small>{rel(doc.expiresAt, 'heldEndsIn', 'holdEndedAgo')}</small>}
        </div>
      </div>
      {state.customerWaiting && (
        <p className="customer-here" data-testid="pickup-customer-waiting">
          {t('customerHere')}
        </p>
      )}
      {state.flags.map((flag) => (
        <p key={flag} className="pickup-flag" role="alert" data-testid="pickup-flag" data-flag={flag}>
          <strong>{tm(`f_${flag}`)}.</strong> {tm(`fa_${flag}`)}
        </p>
      ))}
      {commands.staffId === null && active && (
        <p className="signin-needed" data-testid="pickup-signin-needed">
          {t('signInNeeded')}
        </p>
      )}
      {commands.notice && (
        <p className={commands.notice.kind === 'warn' ? 'pickup-notice warn' : 'pickup-notice ok'} role={commands.notice.kind === 'warn' ? 'alert' : 'status'} data-testid={commands.notice.kind === 'warn' ? 'pick-warning' : 'pick-confirm'}>
          {commands.notice.text}
        </p>
      )}
      {(state.status === 'placed' || state.status === 'picking') && <PickList doc={doc} state={state} commands={commands} />}
      {state.status === 'ready' && signedIn && <Handover doc={doc} state={state} commands={commands} codeScanned={codeScanned} />}
      {state.status === 'collected' && signedIn && <Collected doc={doc} state={state} />}
      {(state.status === 'cancelled' || state.status === 'expired') && <Closed state={state} />}
      {active && <CancelOrder commands={commands} />}
      {signedIn && <PickupMessages pickupId={doc.id} status={state.status} />}
      {signedIn && <PickupHistory doc={doc} />}
    </article>
  );
}

type Commands = ReturnType<typeof useCommands>;

function PickList({ doc, state, commands }: { doc: PickupDoc; state: PickupState; commands: Commands }): React.JSX.Element {
  const session = useSession();
  const [location, setLocation] = useState(state.location ?? '');
  const [rejecting, setRejecting] = useState<string | null>(null);
  const { run, attempt, setNotice } = commands;
  const { t, reason: reasonLabel, list, locale } = usePickupWords();

  // The first pick or rejection also records that picking started (for the manager's figures). Best effort: a
  // second associate may have started it a moment ago, and picking is legal either way.
  const startIfNew = useCallback(async (): Promise<void> => {
    // A failure here shows on the pick that follows (the same local write path).
    if (commands.staffId !== null && foldDoc(doc).status === 'placed') await runPickupCommand(session, doc.id, { type: 'start-picking' }, commands.staffId).catch(() => undefined);
  }, [session, doc, commands.staffId]);

  const pickOne = useCallback(
    async (lineId: string, eventId: string): Promise<Attempt> => {
      await startIfNew();
      return attempt({ type: 'pick', lineId, quantity: 1 }, eventId);
    },
    [startIfNew, attempt],
  );

  // While the pick list is open, a product scan confirms an item of this order instead of opening the product.
  useScanHandler('product', async (scan) => {
    if (commands.staffId === null) throw new Error(t('signInToPick'));
    const found = await session.search.findByBarcode(scan.gtin);
    const lines = doc.lines.filter((l) => l.variantId === found?.variantId);
    if (lines.length === 0) {
      const text = found ? t('notOnOrderOther', { code: scan.raw }) : t('notOnOrderUnknown', { code: scan.raw });
      setNotice({ kind: 'warn', text });
      throw new Error(text);
    }
    const current = foldDoc(doc);
    const open = lines.find((l) => {
      const s = current.lines[l.id];
      return s !== undefined && s.picked + s.rejected < s.ordered;
    });
    if (!open) {
      const first = lines[0]!;
      const text = t('alreadyComplete', { count: first.quantity, title: first.title });
      setNotice({ kind: 'warn', text });
      throw new Error(text);
    }
    const picked = await pickOne(open.id, newEventId(session));
    // Refused by the domain (e.g. a second associate picked the last unit a moment ago): the toast says it too.
    if (!picked.ok) throw new Error(picked.text);
    const s = current.lines[open.id]!;
    setNotice({ kind: 'ok', text: t('pickedOf', { title: open.title, picked: s.picked + 1, ordered: s.ordered }) });
  });

  const details = usePickLineDetails(doc.lines);
  const lineCount = Object.values(state.lines);
  const unresolved = lineCount.reduce((n, l) => n + (l.ordered - l.picked - l.rejected), 0);
  return (
    <section className="pick-list" aria-label={t('pickList')}>
      <h2>{t('pickList')}</h2>
      <p className="muted">
        {t('scanEach')} {unresolved > 0 ? t('toGo', { count: unresolved }) : t('allResolved')}
      </p>
      <table className="lines">
        <thead>
          <tr>
            <th scope="col">{t('colItem')}</th>
            <th scope="col" className="n">{t('colPicked')}</th>
            <th scope="col" className="n">{t('colRejected')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('colActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {doc.lines.map((line) => {
            const s = state.lines[line.id];
            if (!s) return null;
            const open = s.ordered - s.picked - s.rejected;
            return (
              <tr key={line.id} className={open === 0 ? 'done' : ''} data-testid="pick-line" data-line-id={line.id} data-picked={s.picked} data-rejected={s.rejected} data-ordered={s.ordered}>
                <td>
                  <PickLineItem line={line} details={details.get(line.variantId)} />
                </td>
                <td className="n big-num">
                  {s.picked} / {s.ordered}
                </td>
                <td className="n">
                  {s.rejected > 0 ? (
                    <span title={list(Object.entries(s.rejectedBy).map(([r, n]) => `${n} ${reasonLabel(r as RejectReason)}`))}>
                      {s.rejected} ({list(Object.keys(s.rejectedBy).map((r) => reasonLabel(r as RejectReason).toLocaleLowerCase(locale)))})
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="actions">
                  {open > 0 && (
                    <>
                      <button type="button" data-testid="pick-manual" title={t('manualTitle')} aria-label={t('manualLabel', { title: line.title })} disabled={commands.staffId === null} onClick={() => void pickOne(line.id, newEventId(session))}>
                        +1
                      </button>
                      <button type="button" className="ghost" data-testid="reject-open" disabled={commands.staffId === null} onClick={() => setRejecting(line.id)}>
                        {t('cantPick')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rejecting !== null && (
        <RejectForm
          title={doc.lines.find((l) => l.id === rejecting)?.title ?? ''}
          open={(() => {
            const s = state.lines[rejecting];
            return s ? s.ordered - s.picked - s.rejected : 0;
          })()}
          onCancel={() => setRejecting(null)}
          onReject={async (quantity, reason, note) => {
            await startIfNew();
            if (await run({ type: 'reject', lineId: rejecting, quantity, reason, note })) {
              setRejecting(null);
              setNotice({ kind: 'ok', text: t('rejected', { count: quantity, reason: reasonLabel(reason) }) });
            }
          }}
        />
      )}
      <form
        className="stage-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run({ type: 'stage', location }).then((ok) => ok && setNotice({ kind: 'ok', text: t('readyAt', { location: location.trim() }) }));
        }}
      >
        <label>
          {t('stagingLocation')}
          <input data-testid="stage-location" value={location} maxLength={64} placeholder={t('stagingPlaceholder')} onChange={(e) => setLocation(e.target.value)} />
        </label>
        <button type="submit" className="primary" data-testid="mark-ready" disabled={unresolved > 0 || location.trim() === '' || commands.staffId === null}>
          {t('readyForPickup')}
        </button>
      </form>
    </section>
  );
}

function RejectForm({ title, open, onCancel, onReject }: { title: string; open: number; onCancel: () => void; onReject: (quantity: number, reason: RejectReason, note: string) => Promise<void> }): React.JSX.Element {
  const [quantity, setQuantity] = useState(open);
  const [reason, setReason] = useState<RejectReason>('NOT_IN_STOCK');
  const [note, setNote] = useState('');
  const { t, reason: reasonLabel, effect } = usePickupWords();
  // Opening "Can't pick…" moves focus into the form (its first field); Escape goes back to the pick list.
  const first = useRef<HTMLInputElement | null>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <form
      className="reject-form"
      data-testid="reject-form"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onCancel();
      }}
      onSubmit={(e) => {
        e.preventDefault();
        void onReject(quantity, reason, note);
      }}
    >
      <h3>{t('cantPickTitle', { title })}</h3>
      <label>
        {t('units')}
        <input type="number" min={1} max={open} value={quantity} data-testid="reject-quantity" ref={first} onChange={(e) => setQuantity(Number(e.target.value))} />
      </label>
      <fieldset>
        <legend>{t('why')}</legend>
        {REJECT_REASONS.map((r) => (
          <label key={r} className="reason">
            <input type="radio" name="reason" value={r} checked={reason === r} data-testid={`reject-reason-${r}`} onChange={() => setReason(r)} />
            <span>
              <strong>{reasonLabel(r)}</strong> <span className="muted small">{effect(r)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label>
        {reason === 'OTHER' ? t('noteRequired') : t('noteOptional')}
        <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="reject-note" />
      </label>
      <div className="row-actions">
        <button type="button" className="ghost" onClick={onCancel}>
          {t('backBtn')}
        </button>
        <button type="submit" className="primary" data-testid="reject-confirm" disabled={quantity < 1 || quantity > open || (reason === 'OTHER' && note.trim() === '')}>
          {t('rejectN', { count: quantity })}
        </button>
      </div>
    </form>
  );
}

function Handover({ doc, state, commands, codeScanned }: { doc: PickupDoc; state: PickupState; commands: Commands; codeScanned: boolean }): React.JSX.Element {
  const session = useSession();
  const openPickup = useUi((s) => s.openPickup);
  const [codeVerified, setCodeVerified] = useState(codeScanned);
  const [typedCode, setTypedCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [idChecked, setIdChecked] = useState(false);
  const [relation, setRelation] = useState<'customer' | 'proxy'>('customer');
  const [proxyName, setProxyName] = useState('');
  const [moving, setMoving] = useState(false);
  const [location, setLocation] = useState(state.location ?? '');
  const { run, setNotice } = commands;
  const { t, money, reason: reasonLabel, list, locale } = usePickupWords();

  // On the handover screen the customer's QR verifies them; another customer's QR opens their pickup instead.
  useScanHandler('pickup', async (scan) => {
    if (scan.code === doc.pickupCode) {
      setCodeVerified(true);
      setCodeError(null);
      return;
    }
    const other = await findPickupByCode(session, scan.code);
    if (!other) throw new Error(t('noPickupCode', { code: scan.code }));
    openPickup(other.id, true);
  });

  const checkTyped = (): void => {
    const code = pickupCodeFromInput(typedCode);
    if (code !== null && normalisePickupCode(code) === doc.pickupCode) {
      setCodeVerified(true);
      setCodeError(null);
    } else setCodeError(t('wrongCode'));
  };

  const picked = Object.values(state.lines).reduce((n, l) => n + l.picked, 0);
  const ordered = Object.values(state.lines).reduce((n, l) => n + l.ordered, 0);
  const collectedBy = relation === 'customer' ? `${doc.customer.firstName} ${doc.customer.lastName}` : proxyName.trim();
  const verified = codeVerified || idChecked;
  return (
    <section className="handover" aria-label={t('handoverLabel')}>
      <p className="location" data-testid="pickup-location">
        {t('onShelfAt')} <strong>{state.location}</strong>
        {!moving && (
          <button type="button" className="ghost small" disabled={commands.staffId === null} onClick={() => setMoving(true)}>
            {t('movedIt')}
          </button>
        )}
      </p>
      {moving && (
        <form
          className="stage-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run({ type: 'stage', location }).then((ok) => ok && setMoving(false));
          }}
        >
          <input value={location} maxLength={64} onChange={(e) => setLocation(e.target.value)} aria-label={t('newLocation')} />
          <button type="submit">{t('saveLocation')}</button>
        </form>
      )}
      <h2>{t('handOver')}</h2>
      <ul className="handover-lines">
        {doc.lines.map((line) => {
          const s = state.lines[line.id];
          if (!s) return null;
          return (
            <li key={line.id} data-testid="handover-line">
              <strong>
                {s.picked} × {line.title}
              </strong>{' '}
              <span className="muted">{money(multiplyMoney(line.unitPrice, s.picked))}</span>
              {s.picked < s.ordered && (
                <span className="short">
                  {' '}
                  {t('notAvailable', { missing: s.ordered - s.picked, ordered: s.ordered, reasons: list(Object.keys(s.rejectedBy).map((r) => reasonLabel(r as RejectReason).toLocaleLowerCase(locale))) })}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {picked < ordered && (
        <p className="partial" data-testid="partial-collection">
          {t('partial', { picked, ordered })}
        </p>
      )}
      <div className="verify">
        <h3>{t('verifyTitle')}</h3>
        {codeVerified ? (
          <p className="verified" data-testid="code-verified">
            {t('codeMatched')}
          </p>
        ) : (
          <div className="code-entry">
            <p className="muted small">{t('scanOrType')}</p>
            <input value={typedCode} onChange={(e) => setTypedCode(e.target.value)} placeholder={t('codePlaceholder')} data-testid="handover-code" aria-label={t('codeLabel')} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), checkTyped())} />
            <button type="button" onClick={checkTyped}>
              {t('checkCode')}
            </button>
            {codeError && (
              <p className="warn small" role="alert">
                {codeError}
              </p>
            )}
          </div>
        )}
        <label className="check">
          <input type="checkbox" checked={idChecked} onChange={(e) => setIdChecked(e.target.checked)} data-testid="id-checked" /> {t('idChecked')} {codeVerified ? t('idOptional') : t('idWhenNoCode')}
        </label>
      </div>
      <div className="collector">
        <h3>{t('whoCollects')}</h3>
        <label className="check">
          <input type="radio" name="relation" checked={relation === 'customer'} onChange={() => setRelation('customer')} /> {t('theCustomer', { name: `${doc.customer.firstName} ${doc.customer.lastName}` })}
        </label>
        <label className="check">
          <input type="radio" name="relation" checked={relation === 'proxy'} onChange={() => setRelation('proxy')} data-testid="relation-proxy" /> {t('someoneElse')}
        </label>
        {relation === 'proxy' && <input value={proxyName} maxLength={120} placeholder={t('theirName')} onChange={(e) => setProxyName(e.target.value)} data-testid="proxy-name" aria-label={t('collectorName')} />}
      </div>
      <button
        type="button"
        className="primary big"
        data-testid="hand-over"
        disabled={!verified || collectedBy === '' || commands.staffId === null}
        onClick={() => void run({ type: 'collect', collectedBy, relation, idChecked }).then((ok) => ok && setNotice({ kind: 'ok', text: t('handedOverTo', { name: collectedBy }) }))}
      >
        {t('handOverN', { count: picked })}
      </button>
      {!verified && <p className="muted small">{t('verifyFirst')}</p>}
      <HandoverWishlist pickupId={doc.id} />
    </section>
  );
}

function Collected({ doc, state }: { doc: PickupDoc; state: PickupState }): React.JSX.Element {
  const errorText = useErrorText();
  const device = useDeviceSettings();
  const store = useStore(device.storeId);
  const staff = useUi((s) => s.staff);
  const names = useStaffNames();
  const [printing, setPrinting] = useState<string | null>(null);
  const words = usePickupWords();
  const { t, dateTime } = words;
  const handedOverBy = [...doc.events].reverse().find((e) => e.type === 'collected')?.staffId ?? '';
  const session = useSession();
  const { online } = useSyncStatus();
  const print = (): void => {
    setPrinting(t('printing'));
    const api = getDesktopApi();
    // The receipt's CSS follows the device's paper width (counter header → Printer); its text, the store's language.
    // The signed receipt code: the goods can come back at any counter by scanning it (docs/returns.md).
    const code = signedReceiptCode(session, doc.id, online).then(async (receiptCode) => ({ receiptCode, receiptQrSvg: receiptCode ? await receiptQrSvg(receiptCode) : '' }));
    Promise.all([api.getPrintSettings(), code])
      .then(([print, signed]) => api.printHtml(pickupReceiptHtml(doc, state, { storeName: device.storeName, store: store ?? null, paper: print.paper, staffName: names.get(handedOverBy) ?? staff?.name ?? handedOverBy, deviceName: device.deviceName, printedAt: new Date().toISOString(), format: words, reasonLabel: words.reason, ...signed })))
      .then(
        () => setPrinting(t('printed')),
        (error: unknown) => setPrinting(t('printFailed', { error: errorText(error) })),
      );
  };
  return (
    <section className="collected" data-testid="pickup-collected">
      <p>
        {t('collectedLine', { name: state.collectedBy ?? '', when: state.collectedAt ? t('collectedOn', { when: dateTime(state.collectedAt) }) : '', how: state.idChecked ? t('viaId') : t('viaCode') })}
      </p>
      <button type="button" className="primary" data-testid="print-receipt" onClick={print}>
        {t('printReceipt')}
      </button>
      {printing && (
        <p className="muted small" role="status" data-testid="print-status">
          {printing}
        </p>
      )}
    </section>
  );
}

function Closed({ state }: { state: PickupState }): React.JSX.Element {
  const { t } = usePickupWords();
  return (
    <section className="closed" data-testid="pickup-closed">
      {state.status === 'cancelled' ? (
        <p>
          {t('cancelledBy', { by: state.cancelledBy ?? 'store' })} {state.cancelReason ? t('cancelReason', { reason: state.cancelReason }) : ''} {t('released')} {state.location ? t('takeBack', { location: state.location }) : ''}
        </p>
      ) : (
        <p>
          {t('notCollected')} {state.location ? t('returnFrom', { location: state.location }) : ''}
        </p>
      )}
    </section>
  );
}

function CancelOrder({ commands }: { commands: Commands }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { t } = usePickupWords();
  if (!open) {
    return (
      <button type="button" className="ghost danger" data-testid="cancel-open" disabled={commands.staffId === null} onClick={() => setOpen(true)}>
        {t('cancelOpen')}
      </button>
    );
  }
  return (
    <form
      className="cancel-form"
      onSubmit={(e) => {
        e.preventDefault();
        void commands.run({ type: 'cancel', by: 'store', reason: reason.trim() }).then((ok) => ok && setOpen(false));
      }}
    >
      <label>
        {t('cancelWhy')}
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="cancel-reason" autoFocus />
      </label>
      <div className="row-actions">
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          {t('keepOrder')}
        </button>
        <button type="submit" className="danger" data-testid="cancel-confirm" disabled={reason.trim() === '' || commands.staffId === null}>
          {t('cancelOrder')}
        </button>
      </div>
    </form>
  );
}
