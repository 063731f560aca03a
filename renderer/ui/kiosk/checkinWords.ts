/**
 * What the kiosk says to a customer who scanned their pickup code, in their words, from what the kiosk knows: the
 * projection row for the code (status, line count; null when this kiosk has none), the check-in's result (pending
 * until the server resolves it) and whether the store network is reachable. Pure, so every case is unit-tested.
 *
 * What must stay true: the kiosk only claims "we've let the team know" once the server has resolved the check-in
 * (`checked-in`); while it is pending it says it is waiting for the store network, never more.
 */
import type { CheckinResult, PickupCodeDoc } from '../../../shared/pickup/schema';
import { createFormatter } from '../../i18n/format';
import { translator } from '../../i18n/I18nProvider';
import type { MessageKey, Translate } from '../../i18n/bundle';
import { checkinMessages } from './messages';

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

type Key = MessageKey<typeof checkinMessages>;
/** English unless the screen passes its store's translator (tests read the English). */
const ENGLISH: Translate<Key> = translator(checkinMessages, createFormatter({ locale: 'en-US', currency: 'USD', timeZone: 'UTC', distanceUnit: 'mile' }));

export function checkinWords({ row, result, online, rateLimited = null }: CheckinFacts, t: Translate<Key> = ENGLISH): CheckinWords {
  const ASK = t('ask');
  const items = (n: number): string => t('items', { count: n });
  if (result === 'unknown-code') {
    return { tone: 'problem', title: t('unknownTitle'), detail: t('unknownDetail', { ask: ASK }), notice: null };
  }
  const status = row?.status ?? null;
  if (status === 'collected') return { tone: 'problem', title: t('collectedTitle'), detail: t('collectedDetail'), notice: null };
  if (status === 'cancelled') return { tone: 'problem', title: t('cancelledTitle'), detail: ASK, notice: null };
  if (status === 'expired') return { tone: 'problem', title: t('expiredTitle'), detail: ASK, notice: null };
  if (result === 'not-collectable') return { tone: 'problem', title: t('notCollectableTitle'), detail: ASK, notice: null };

  const told = result === 'checked-in';
  const waitingNotice = rateLimited ? t('rateLimitedNotice', { wait: rateLimited }) : online ? t('letting') : t('waitingNetwork');
  if (status === 'ready') {
    return {
      tone: told ? 'ready' : 'waiting',
      title: t('readyTitle'),
      detail: told ? t('readyComing', { items: items(row?.lineCount ?? 0) }) : t('readyWaiting', { items: items(row?.lineCount ?? 0) }),
      notice: told ? t('told') : waitingNotice,
    };
  }
  if (status === 'placed' || status === 'picking') {
    return {
      tone: told ? 'preparing' : 'waiting',
      title: t('preparingTitle'),
      detail: told ? t('preparingTold') : t('preparingNotYet'),
      notice: told ? t('told') : waitingNotice,
    };
  }
  // No row on this kiosk: the order may be newer than the kiosk's copy; the server decides.
  if (told) return { tone: 'preparing', title: t('welcomeTitle'), detail: t('welcomeDetail'), notice: t('told') };
  if (rateLimited) return { tone: 'waiting', title: t('cannotTitle'), detail: t('rateLimitedDetail', { wait: rateLimited }), notice: null };
  return online ? { tone: 'waiting', title: t('lookingTitle'), detail: t('lookingDetail'), notice: null } : { tone: 'waiting', title: t('cannotTitle'), detail: t('cannotDetail'), notice: null };
}

const MAX_GREETING_NAME = 40;

/**
 * "Hi Zoë!" from the unsealed first name; "Welcome!" when there is none or it does not read as a name (a seal that
 * did not open gives bytes that are not text). Only the first name is ever shown: it is the only thing sealed.
 */
export function greetingLine(firstName: string | null, t: Translate<Key> = ENGLISH): string {
  if (firstName === null) return t('welcome');
  // Control and replacement characters mean the seal did not open cleanly: greet without a name.
  if (/[\u0000-\u001f\u007f-\u009f\ufffd]/.test(firstName)) return t('welcome');
  const name = firstName.trim().replace(/\s+/g, ' ');
  if (name === '') return t('welcome');
  const shown = Array.from(name).length > MAX_GREETING_NAME ? `${Array.from(name).slice(0, MAX_GREETING_NAME).join('')}…` : name;
  return t('hi', { name: shown });
}
