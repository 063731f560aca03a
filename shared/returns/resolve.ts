/**
 * Resolving a flagged return (docs/returns.md, "Resolving a flagged return"): the server keeps a return it cannot
 * honour (lost the race for the last units, over the receiptless limit, receipt refused, cash that does not match)
 * and flags it; a manager looks at what happened and records what they did about it by hand, one `resolved` event
 * per flag, appended to the return's log and merged by event union like every other event.
 *
 * A resolution moves no money and no stock on the server: the only refund a return ever gets is the settlement keyed
 * by its id (settle.ts), so recording "the loss stands" or "the customer got the goods back" can never refund twice.
 */
import type { ReturnEvent, ReturnFlag, ReturnResolutionAction } from './types';
import type { ReturnActor } from './build';
import type { ReturnState } from './fold';
import { openFlags } from './fold';

export interface ResolutionChoice {
  id: ReturnResolutionAction;
  /** English; the counter translates by id (renderer/ui/manager/returnConflicts.messages.ts). */
  label: string;
}

const GOODS: ResolutionChoice = { id: 'goods-returned', label: 'Gave the goods back to the customer (nothing was refunded)' };
const MONEY: ResolutionChoice = { id: 'money-recovered', label: 'Took back what was handed out at the counter' };
const LOSS: ResolutionChoice = { id: 'loss-accepted', label: 'Accepted the loss: what the counter handed out stands' };
const OTHER: ResolutionChoice = { id: 'other', label: 'Something else (say what in the note)' };

/** The resolutions a manager can record, per server flag. */
export const RESOLUTIONS_BY_FLAG: Readonly<Record<Exclude<ReturnFlag, 'OVERRIDDEN'>, readonly ResolutionChoice[]>> = {
  RACED: [GOODS, MONEY, LOSS, OTHER],
  OVER_LIMIT: [GOODS, MONEY, LOSS, OTHER],
  RECEIPT_INVALID: [GOODS, MONEY, LOSS, OTHER],
  UNKNOWN_ORDER: [GOODS, MONEY, LOSS, OTHER],
  REFUSED_BY_SERVER: [GOODS, MONEY, LOSS, OTHER],
  AMOUNT_MISMATCH: [MONEY, LOSS, OTHER],
};

export function resolutionsFor(flag: ReturnFlag): readonly ResolutionChoice[] {
  return flag === 'OVERRIDDEN' ? [] : RESOLUTIONS_BY_FLAG[flag];
}

/** Why this resolution cannot be recorded, or null: the flag must be open and the action one of its choices. */
export function resolutionProblem(state: Pick<ReturnState, 'flagDetails' | 'resolutions'>, flag: ReturnFlag, action: string, note: string): string | null {
  if (!state.flagDetails.some((f) => f.flag === flag)) return `the return is not flagged ${flag}`;
  if (!openFlags(state).includes(flag)) return `${flag} is already resolved`;
  if (!resolutionsFor(flag).some((c) => c.id === action)) return `"${action}" is not a resolution of ${flag}`;
  if (action === 'other' && note.trim() === '') return 'say in the note what was done';
  return null;
}

/** The `resolved` event (actor.staffId: the manager, signed in on this counter). */
export function resolvedEvent(flag: ReturnFlag, action: ReturnResolutionAction, note: string, actor: ReturnActor): ReturnEvent {
  return {
    id: actor.eventId,
    at: actor.at,
    staffId: actor.staffId,
    deviceId: actor.deviceId,
    ...(actor.auth ? { auth: actor.auth } : { signedInOffline: true }),
    type: 'resolved',
    flag,
    action,
    note: note.trim().slice(0, 1000),
  };
}
