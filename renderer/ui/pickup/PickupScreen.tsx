/**
 * One pickup at the counter. While new or being picked: the pick list — every item is confirmed by scanning it
 * (the wrong item is refused, quantities count up), with a manual +1 for labels that will not scan, rejection of
 * units with a reason, and the staging location that makes it ready. While ready: the handover — verify the
 * customer (their pickup QR scanned, or an ID check), who collects and for whom, then hand over and print the
 * receipt. Every change is a command from shared/pickup recorded in the local database first, so all of it
 * works offline; refusals are shown in the domain's own words.
 */
import { useCallback, useState } from 'react';
import type { PickupCommand, PickupDoc, PickupState, RejectReason } from '../../../shared/pickup/types';
import { REJECT_REASONS } from '../../../shared/pickup/types';
import { foldDoc } from '../../../shared/pickup/lifecycle';
import { normalisePickupCode, pickupCodeFromInput } from '../../../shared/pickup/codes';
import { formatMoney, multiplyMoney } from '../../../shared/money';
import { useSession } from '../../data/context';
import { errorText } from '../../util/errorText';
import { findPickupByCode, newEventId, usePickup, useStaffNames, runPickupCommand } from '../../data/pickups';
import { useDeviceSettings } from '../../data/hooks';
import { getDesktopApi } from '../../host/desktopApi';
import { useScanHandler } from '../../scan';
import { useUi } from '../../state/ui';
import { useNow } from '../useNow';
import { FLAG_LABELS, relativeDue } from './managerFormat';
import { pickupReceiptHtml } from './receipt';
import { PickupMessages } from './PickupMessages';
import { PickupHistory } from './PickupHistory';
import { SignInToSee } from './PickupQueue';
import './pickup.css';

export const REJECT_REASON_TEXT: Readonly<Record<RejectReason, { label: string; effect: string }>> = {
  NOT_IN_STOCK: { label: 'Not in stock', effect: 'The shelf is empty although the system counted it: the stock count is corrected.' },
  DAMAGED: { label: 'Damaged', effect: 'The unit is written off (stock goes down).' },
  WORN_DISPLAY: { label: 'Only a worn display unit', effect: 'The display unit is written off (stock goes down).' },
  MISMATCH: { label: 'Does not match the order', effect: 'Wrong label or colour: stock is not changed.' },
  OTHER: { label: 'Other (say why)', effect: 'Stock is not changed; the note says why.' },
};

const STATUS_TITLE = { placed: 'New — not started', picking: 'Picking', ready: 'Ready for pickup', collected: 'Collected', cancelled: 'Cancelled', expired: 'Expired — not collected' } as const;

type Notice = { kind: 'ok' | 'warn'; text: string } | null;


export function PickupScreen({ pickupId, codeScanned = false }: { pickupId: string; codeScanned?: boolean }): React.JSX.Element {
  const doc = usePickup(pickupId);
  const openPickups = useUi((s) => s.openPickups);
  if (doc === undefined) return <div className="loading muted">Loading…</div>;
  if (doc === null) {
    return (
      <div className="pickup-screen">
        <button type="button" className="ghost" onClick={openPickups}>
          ← Pickups
        </button>
        <p role="alert">This pickup is not on this device (another store's order, or not synced yet).</p>
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
  const staff = useUi((s) => s.staff);
  const [notice, setNotice] = useState<Notice>(null);
  const attempt = useCallback(
    async (command: PickupCommand, eventId?: string): Promise<Attempt> => {
      const refused = (text: string): Attempt => {
        setNotice({ kind: 'warn', text });
        return { ok: false, text };
      };
      if (!staff) return refused('Sign in first: every pickup change records who made it.');
      try {
        const result = await runPickupCommand(session, pickupId, command, staff.id, eventId);
        return result.ok ? { ok: true } : refused(result.refusal.reason);
      } catch (error) {
        // The local write itself failed (disk full, database closed): say so; nothing was recorded.
        return refused(`This device could not save the change (${errorText(error)}). Nothing was recorded; try again.`);
      }
    },
    [session, pickupId, staff],
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
  return (
    <article className="pickup-screen" data-testid="pickup-screen" data-pickup-id={doc.id} data-status={state.status}>
      <div className="pickup-head">
        <button type="button" className="ghost" data-testid="back-to-queue" onClick={openPickups}>
          ← Pickups
        </button>
        <div>
          <p className="eyebrow">
            {doc.channel === 'web' ? 'Web order' : 'App order'} · placed {new Date(doc.placedAt).toLocaleString()}
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
              <SignInToSee what="the customer" />
            </>
          )}
        </div>
        <div className={`status-banner ${state.status}`} data-testid="pickup-status">
          {STATUS_TITLE[state.status]}
          {(state.status === 'placed' || state.status === 'picking') && <small>{relativeDue(now, doc.promisedReadyAt, { future: 'promised ready', past: 'promised ready' })}</small>}
          {state.status === 'ready' && <small>{relativeDue(now, doc.expiresAt, { future: 'held, hold ends', past: 'hold ended' })}</small>}
        </div>
      </div>
      {state.customerWaiting && (
        <p className="customer-here" data-testid="pickup-customer-waiting">
          The customer checked in at the kiosk and is waiting.
        </p>
      )}
      {state.flags.map((flag) => (
        <p key={flag} className="pickup-flag" role="alert" data-testid="pickup-flag" data-flag={flag}>
          <strong>{FLAG_LABELS[flag].title}.</strong> {FLAG_LABELS[flag].action}
        </p>
      ))}
      {commands.staffId === null && active && (
        <p className="signin-needed" data-testid="pickup-signin-needed">
          Sign in to pick or hand over (top right): every change records who made it.
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
    if (commands.staffId === null) throw new Error('Sign in before picking: every pick records who made it.');
    const found = await session.search.findByBarcode(scan.gtin);
    const lines = doc.lines.filter((l) => l.variantId === found?.variantId);
    if (lines.length === 0) {
      const text = `Not on this order: ${scan.raw} is ${found ? 'another product' : 'not in the catalog on this device'}. Put it back.`;
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
      const text = `Already complete: all ${first.quantity} × ${first.title} are picked or rejected. Put this one back.`;
      setNotice({ kind: 'warn', text });
      throw new Error(text);
    }
    const picked = await pickOne(open.id, newEventId(session));
    // Refused by the domain (e.g. a second associate picked the last unit a moment ago): the toast says it too.
    if (!picked.ok) throw new Error(picked.text);
    const s = current.lines[open.id]!;
    setNotice({ kind: 'ok', text: `Picked ${open.title}: ${s.picked + 1} of ${s.ordered}.` });
  });

  const lineCount = Object.values(state.lines);
  const unresolved = lineCount.reduce((n, l) => n + (l.ordered - l.picked - l.rejected), 0);
  return (
    <section className="pick-list" aria-label="Pick list">
      <h2>Pick list</h2>
      <p className="muted">Scan each item to confirm it. {unresolved > 0 ? `${unresolved} unit${unresolved === 1 ? '' : 's'} to go.` : 'Every unit is picked or rejected.'}</p>
      <table className="lines">
        <thead>
          <tr>
            <th>Item</th>
            <th className="n">Picked</th>
            <th className="n">Rejected</th>
            <th />
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
                  <strong>{line.title}</strong>
                  <br />
                  <span className="sku-chip">{line.sku}</span> <span className="muted">{formatMoney(line.unitPrice)}</span>
                </td>
                <td className="n big-num">
                  {s.picked} / {s.ordered}
                </td>
                <td className="n">
                  {s.rejected > 0 ? (
                    <span title={Object.entries(s.rejectedBy).map(([r, n]) => `${n} ${REJECT_REASON_TEXT[r as RejectReason].label}`).join(', ')}>
                      {s.rejected} ({Object.keys(s.rejectedBy).map((r) => REJECT_REASON_TEXT[r as RejectReason].label.toLowerCase()).join(', ')})
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="actions">
                  {open > 0 && (
                    <>
                      <button type="button" data-testid="pick-manual" title="Label will not scan: confirm by hand" disabled={commands.staffId === null} onClick={() => void pickOne(line.id, newEventId(session))}>
                        +1
                      </button>
                      <button type="button" className="ghost" data-testid="reject-open" disabled={commands.staffId === null} onClick={() => setRejecting(line.id)}>
                        Can't pick…
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
              setNotice({ kind: 'ok', text: `Rejected ${quantity}: ${REJECT_REASON_TEXT[reason].label}.` });
            }
          }}
        />
      )}
      <form
        className="stage-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run({ type: 'stage', location }).then((ok) => ok && setNotice({ kind: 'ok', text: `Ready at ${location.trim()}: the customer is being told.` }));
        }}
      >
        <label>
          Staging location
          <input data-testid="stage-location" value={location} maxLength={64} placeholder="e.g. Pickup shelf B2" onChange={(e) => setLocation(e.target.value)} />
        </label>
        <button type="submit" className="primary" data-testid="mark-ready" disabled={unresolved > 0 || location.trim() === '' || commands.staffId === null}>
          Ready for pickup
        </button>
      </form>
    </section>
  );
}

function RejectForm({ title, open, onCancel, onReject }: { title: string; open: number; onCancel: () => void; onReject: (quantity: number, reason: RejectReason, note: string) => Promise<void> }): React.JSX.Element {
  const [quantity, setQuantity] = useState(open);
  const [reason, setReason] = useState<RejectReason>('NOT_IN_STOCK');
  const [note, setNote] = useState('');
  return (
    <form
      className="reject-form"
      data-testid="reject-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onReject(quantity, reason, note);
      }}
    >
      <h3>Can't pick {title}</h3>
      <label>
        Units
        <input type="number" min={1} max={open} value={quantity} data-testid="reject-quantity" onChange={(e) => setQuantity(Number(e.target.value))} />
      </label>
      <fieldset>
        <legend>Why</legend>
        {REJECT_REASONS.map((r) => (
          <label key={r} className="reason">
            <input type="radio" name="reason" value={r} checked={reason === r} data-testid={`reject-reason-${r}`} onChange={() => setReason(r)} />
            <span>
              <strong>{REJECT_REASON_TEXT[r].label}</strong> <span className="muted small">{REJECT_REASON_TEXT[r].effect}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label>
        Note {reason === 'OTHER' ? '(required)' : '(optional)'}
        <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="reject-note" />
      </label>
      <div className="row-actions">
        <button type="button" className="ghost" onClick={onCancel}>
          Back
        </button>
        <button type="submit" className="primary" data-testid="reject-confirm" disabled={quantity < 1 || quantity > open || (reason === 'OTHER' && note.trim() === '')}>
          Reject {quantity}
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

  // On the handover screen the customer's QR verifies them; another customer's QR opens their pickup instead.
  useScanHandler('pickup', async (scan) => {
    if (scan.code === doc.pickupCode) {
      setCodeVerified(true);
      setCodeError(null);
      return;
    }
    const other = await findPickupByCode(session, scan.code);
    if (!other) throw new Error(`No pickup with code ${scan.code} at this store.`);
    openPickup(other.id, true);
  });

  const checkTyped = (): void => {
    const code = pickupCodeFromInput(typedCode);
    if (code !== null && normalisePickupCode(code) === doc.pickupCode) {
      setCodeVerified(true);
      setCodeError(null);
    } else setCodeError('That is not this order’s pickup code. Check the customer’s message, or check their ID instead.');
  };

  const picked = Object.values(state.lines).reduce((n, l) => n + l.picked, 0);
  const ordered = Object.values(state.lines).reduce((n, l) => n + l.ordered, 0);
  const collectedBy = relation === 'customer' ? `${doc.customer.firstName} ${doc.customer.lastName}` : proxyName.trim();
  const verified = codeVerified || idChecked;
  return (
    <section className="handover" aria-label="Handover">
      <p className="location" data-testid="pickup-location">
        On the shelf at <strong>{state.location}</strong>
        {!moving && (
          <button type="button" className="ghost small" disabled={commands.staffId === null} onClick={() => setMoving(true)}>
            Moved it?
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
          <input value={location} maxLength={64} onChange={(e) => setLocation(e.target.value)} aria-label="New staging location" />
          <button type="submit">Save location</button>
        </form>
      )}
      <h2>Hand over</h2>
      <ul className="handover-lines">
        {doc.lines.map((line) => {
          const s = state.lines[line.id];
          if (!s) return null;
          return (
            <li key={line.id} data-testid="handover-line">
              <strong>
                {s.picked} × {line.title}
              </strong>{' '}
              <span className="muted">{formatMoney(multiplyMoney(line.unitPrice, s.picked))}</span>
              {s.picked < s.ordered && (
                <span className="short">
                  {' '}
                  — {s.ordered - s.picked} of {s.ordered} not available ({Object.keys(s.rejectedBy).map((r) => REJECT_REASON_TEXT[r as RejectReason].label.toLowerCase()).join(', ')}): not charged
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {picked < ordered && (
        <p className="partial" data-testid="partial-collection">
          Partial pickup: {picked} of {ordered} items. Tell the customer what is missing and that they are not charged for it.
        </p>
      )}
      <div className="verify">
        <h3>Verify the customer</h3>
        {codeVerified ? (
          <p className="verified" data-testid="code-verified">
            ✓ Pickup code matched
          </p>
        ) : (
          <div className="code-entry">
            <p className="muted small">Scan the QR code from the customer's message, or type the code:</p>
            <input value={typedCode} onChange={(e) => setTypedCode(e.target.value)} placeholder="Pickup code" data-testid="handover-code" aria-label="Pickup code from the customer's message" onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), checkTyped())} />
            <button type="button" onClick={checkTyped}>
              Check code
            </button>
            {codeError && (
              <p className="warn small" role="alert">
                {codeError}
              </p>
            )}
          </div>
        )}
        <label className="check">
          <input type="checkbox" checked={idChecked} onChange={(e) => setIdChecked(e.target.checked)} data-testid="id-checked" /> I checked a photo ID {codeVerified ? '(optional)' : '(when there is no code)'}
        </label>
      </div>
      <div className="collector">
        <h3>Who is collecting</h3>
        <label className="check">
          <input type="radio" name="relation" checked={relation === 'customer'} onChange={() => setRelation('customer')} /> The customer, {doc.customer.firstName} {doc.customer.lastName}
        </label>
        <label className="check">
          <input type="radio" name="relation" checked={relation === 'proxy'} onChange={() => setRelation('proxy')} data-testid="relation-proxy" /> Someone else, for the customer
        </label>
        {relation === 'proxy' && <input value={proxyName} maxLength={120} placeholder="Their full name" onChange={(e) => setProxyName(e.target.value)} data-testid="proxy-name" aria-label="Name of the person collecting" />}
      </div>
      <button
        type="button"
        className="primary big"
        data-testid="hand-over"
        disabled={!verified || collectedBy === '' || commands.staffId === null}
        onClick={() => void run({ type: 'collect', collectedBy, relation, idChecked }).then((ok) => ok && setNotice({ kind: 'ok', text: `Handed over to ${collectedBy}.` }))}
      >
        Hand over {picked} item{picked === 1 ? '' : 's'}
      </button>
      {!verified && <p className="muted small">Verify the customer first: their pickup code, or a photo ID.</p>}
    </section>
  );
}

function Collected({ doc, state }: { doc: PickupDoc; state: PickupState }): React.JSX.Element {
  const device = useDeviceSettings();
  const staff = useUi((s) => s.staff);
  const names = useStaffNames();
  const [printing, setPrinting] = useState<string | null>(null);
  const handedOverBy = [...doc.events].reverse().find((e) => e.type === 'collected')?.staffId ?? '';
  const print = (): void => {
    setPrinting('Printing…');
    const html = pickupReceiptHtml(doc, state, { storeName: device.storeName, staffName: names.get(handedOverBy) ?? staff?.name ?? handedOverBy, deviceName: device.deviceName, printedAt: new Date().toISOString() });
    getDesktopApi()
      .printHtml(html)
      .then(
        () => setPrinting('Receipt sent to the printer.'),
        (error: unknown) => setPrinting(`Could not print: ${errorText(error)}`),
      );
  };
  return (
    <section className="collected" data-testid="pickup-collected">
      <p>
        Handed over to <strong>{state.collectedBy}</strong> {state.collectedAt ? `on ${new Date(state.collectedAt).toLocaleString()}` : ''} · {state.idChecked ? 'ID checked' : 'pickup code'}
      </p>
      <button type="button" className="primary" data-testid="print-receipt" onClick={print}>
        Print receipt
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
  return (
    <section className="closed" data-testid="pickup-closed">
      {state.status === 'cancelled' ? (
        <p>
          Cancelled by {state.cancelledBy === 'webshop' ? 'the web shop' : state.cancelledBy === 'customer' ? 'the customer' : 'the store'}
          {state.cancelReason ? `: ${state.cancelReason}` : ''}. The reserved stock is released{state.location ? `; take the items back from ${state.location}` : ''}.
        </p>
      ) : (
        <p>Not collected before the hold ended. The reservation is released{state.location ? `; return the items from ${state.location} to the shelf` : ''}.</p>
      )}
    </section>
  );
}

function CancelOrder({ commands }: { commands: Commands }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open) {
    return (
      <button type="button" className="ghost danger" data-testid="cancel-open" disabled={commands.staffId === null} onClick={() => setOpen(true)}>
        Cancel this order…
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
        Why is the store cancelling? The customer is told and the stock is released.
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="cancel-reason" />
      </label>
      <div className="row-actions">
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          Keep the order
        </button>
        <button type="submit" className="danger" data-testid="cancel-confirm" disabled={reason.trim() === '' || commands.staffId === null}>
          Cancel order
        </button>
      </div>
    </form>
  );
}
