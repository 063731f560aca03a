/**
 * What the kiosk says to a customer who scanned their pickup code, in their words, from what the kiosk knows: the
 * projection row for the code (status, line count; null when this kiosk has none), the check-in's result (pending
 * until the server resolves it) and whether the store network is reachable. Pure, so every case is unit-tested.
 *
 * What must stay true: the kiosk only claims "we've let the team know" once the server has resolved the check-in
 * (`checked-in`); while it is pending it says it is waiting for the store network, never more.
 */
import type { CheckinResult, PickupCodeDoc } from '../../../shared/pickup/schema';

export type CheckinTone = 'ready' | 'preparing' | 'waiting' | 'problem';

export interface CheckinWords {
  tone: CheckinTone;
  /** The big line: the order's state. */
  title: string;
  /** What happens next, or what to do. */
  detail: string;
  /** Whether the team knows the customer is here: told only when it is true. */
  notice: string | null;
}

export interface CheckinFacts {
  row: Pick<PickupCodeDoc, 'status' | 'lineCount'> | null;
  /** null: the check-in is not in the local database yet (just scanned). */
  result: CheckinResult | null;
  online: boolean;
  /** The server's rate limit answer while this kiosk's check-ins wait ("Too many tries — try again in 2 minutes."). */
  rateLimited?: string | null;
}

const ASK = 'Please ask at the counter — we are happy to help.';

function items(n: number): string {
  return n === 1 ? '1 item' : `${n} items`;
}

export function checkinWords({ row, result, online, rateLimited = null }: CheckinFacts): CheckinWords {
  if (result === 'unknown-code') {
    return { tone: 'problem', title: 'We could not find this pickup at this store', detail: `Please check which store your e-mail names. ${ASK}`, notice: null };
  }
  const status = row?.status ?? null;
  if (status === 'collected') return { tone: 'problem', title: 'This order has already been collected', detail: 'If that was not you, please ask at the counter.', notice: null };
  if (status === 'cancelled') return { tone: 'problem', title: 'This order was cancelled', detail: ASK, notice: null };
  if (status === 'expired') return { tone: 'problem', title: 'The hold on this order has ended', detail: ASK, notice: null };
  if (result === 'not-collectable') return { tone: 'problem', title: 'This order can no longer be collected here', detail: ASK, notice: null };

  const told = result === 'checked-in';
  const waitingNotice = rateLimited
    ? `${rateLimited} If no one comes, please go to the counter.`
    : online
    ? 'Letting the team know you are here…'
    : 'Waiting for the store network to let the team know you are here. If no one comes in a few minutes, please go to the counter.';
  if (status === 'ready') {
    return {
      tone: told ? 'ready' : 'waiting',
      title: 'Your order is ready',
      detail: told ? `An associate is coming with your order (${items(row?.lineCount ?? 0)}).` : `Your order (${items(row?.lineCount ?? 0)}) is waiting for you at the pickup counter.`,
      notice: told ? 'We have let the team know you are here.' : waitingNotice,
    };
  }
  if (status === 'placed' || status === 'picking') {
    return {
      tone: told ? 'preparing' : 'waiting',
      title: 'We are still preparing your order',
      detail: told ? 'We will bring it to you as soon as it is ready.' : 'It is not quite ready yet.',
      notice: told ? 'We have let the team know you are here.' : waitingNotice,
    };
  }
  // No row on this kiosk: the order may be newer than the kiosk's copy; the server decides.
  if (told) return { tone: 'preparing', title: 'Welcome, you are checked in', detail: 'An associate will be with you shortly.', notice: 'We have let the team know you are here.' };
  if (rateLimited) return { tone: 'waiting', title: 'This kiosk cannot look up your order right now', detail: `${rateLimited} Or please go to the counter.`, notice: null };
  return online
    ? { tone: 'waiting', title: 'Looking up your order…', detail: 'This takes a moment.', notice: null }
    : { tone: 'waiting', title: 'This kiosk cannot look up your order right now', detail: 'Waiting for the store network. If no one comes in a few minutes, please go to the counter.', notice: null };
}

const MAX_GREETING_NAME = 40;

/**
 * "Hi Zoë!" from the unsealed first name; "Welcome!" when there is none or it does not read as a name (a seal that
 * did not open gives bytes that are not text). Only the first name is ever shown: it is the only thing sealed.
 */
export function greetingLine(firstName: string | null): string {
  if (firstName === null) return 'Welcome!';
  // Control and replacement characters mean the seal did not open cleanly: greet without a name.
  if (/[\u0000-\u001f\u007f-\u009f\ufffd]/.test(firstName)) return 'Welcome!';
  const name = firstName.trim().replace(/\s+/g, ' ');
  if (name === '') return 'Welcome!';
  const shown = Array.from(name).length > MAX_GREETING_NAME ? `${Array.from(name).slice(0, MAX_GREETING_NAME).join('')}…` : name;
  return `Hi ${shown}!`;
}
