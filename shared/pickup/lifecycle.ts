/**
 * The pickup lifecycle, one implementation for device and server:
 *
 *   placed → picking → ready (staged at a location; customer told) → collected
 *   placed | picking | ready → cancelled (customer, web shop or store)
 *   ready → expired (not collected within policy.holdDays)
 *
 * `foldPickup(lines, events)` is a pure function of the SET of events (they are sorted by (at, id) first), so
 * two devices holding the same events always agree, whatever order the events arrived in. It never throws on an
 * event sequence that would have been illegal online (offline devices do race): domain rules decide instead —
 * a handover stands against a cancellation or an expiry, line quantities are capped at what was ordered.
 * `applyCommand` is where legality is enforced: against the folded state, refusing with a code and a reason.
 */
import type {
  Actor,
  CommandResult,
  LineState,
  PickupCommand,
  PickupDoc,
  PickupEvent,
  PickupFlag,
  PickupLine,
  PickupPolicy,
  PickupState,
  PickupStatus,
  RejectReason,
} from './types';
import { CANCELLED_BY, REJECT_REASONS, TERMINAL_STATUSES } from './types';

export function compareEvents(a: PickupEvent, b: PickupEvent): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortEvents(events: readonly PickupEvent[]): PickupEvent[] {
  return [...events].sort(compareEvents);
}

export function isTerminal(status: PickupStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Folds events (in any order) over the ordered lines. */
export function foldPickup(lines: readonly Pick<PickupLine, 'id' | 'quantity'>[], events: readonly PickupEvent[]): PickupState {
  const sorted = sortEvents(events);
  const pickedSum = new Map<string, number>();
  const rejections = new Map<string, { reason: RejectReason; quantity: number }[]>();
  const state: PickupState = {
    status: 'placed',
    placedAt: '',
    pickingStartedAt: null,
    readyAt: null,
    location: null,
    checkedInAt: null,
    customerWaiting: false,
    collectedAt: null,
    collectedBy: null,
    idChecked: false,
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    expiredAt: null,
    lines: {},
    flags: [],
    lastEventAt: '',
  };
  const known = new Set(lines.map((l) => l.id));
  let terminal: 'cancelled' | 'expired' | null = null;
  for (const e of sorted) {
    state.lastEventAt = e.at;
    switch (e.type) {
      case 'placed':
        if (state.placedAt === '') state.placedAt = e.at;
        break;
      case 'picking-started':
        state.pickingStartedAt ??= e.at;
        break;
      case 'line-picked':
        if (!known.has(e.lineId)) break;
        state.pickingStartedAt ??= e.at;
        pickedSum.set(e.lineId, (pickedSum.get(e.lineId) ?? 0) + e.quantity);
        break;
      case 'line-rejected': {
        if (!known.has(e.lineId)) break;
        state.pickingStartedAt ??= e.at;
        const list = rejections.get(e.lineId) ?? [];
        list.push({ reason: e.reason, quantity: e.quantity });
        rejections.set(e.lineId, list);
        break;
      }
      case 'staged':
        state.readyAt ??= e.at;
        state.location = e.location;
        break;
      case 'customer-checked-in':
        state.checkedInAt = e.at;
        break;
      case 'collected':
        // The first handover counts; a second one (two devices) is the same physical fact.
        if (state.collectedAt === null) {
          state.collectedAt = e.at;
          state.collectedBy = e.collectedBy;
          state.idChecked = e.idChecked;
        }
        break;
      case 'cancelled':
        if (terminal === null) {
          terminal = 'cancelled';
          state.cancelledAt = e.at;
          state.cancelledBy = e.by;
          state.cancelReason = e.reason;
        }
        break;
      case 'expired':
        if (terminal === null) {
          terminal = 'expired';
          state.expiredAt = e.at;
        }
        break;
    }
  }
  const flags = new Set<PickupFlag>();
  for (const line of lines) {
    // Rejections first (a unit that is not there cannot be handed over), then picks up to what remains.
    let rejected = 0;
    const rejectedBy: Partial<Record<RejectReason, number>> = {};
    for (const r of rejections.get(line.id) ?? []) {
      const take = Math.max(0, Math.min(r.quantity, line.quantity - rejected));
      if (take > 0) rejectedBy[r.reason] = (rejectedBy[r.reason] ?? 0) + take;
      rejected += take;
    }
    const sum = pickedSum.get(line.id) ?? 0;
    const picked = Math.min(sum, line.quantity - rejected);
    if (sum > picked) flags.add('OVERPICKED');
    const ls: LineState = { ordered: line.quantity, picked, rejected, rejectedBy, collected: 0 };
    state.lines[line.id] = ls;
  }
  if (state.collectedAt !== null) {
    // A handover is a physical fact: it stands against any cancellation or expiry it raced.
    state.status = 'collected';
    if (terminal === 'cancelled') flags.add('CANCELLED_AFTER_HANDOVER');
    for (const ls of Object.values(state.lines)) ls.collected = ls.picked;
  } else if (terminal !== null) state.status = terminal;
  else if (state.readyAt !== null) state.status = 'ready';
  else if (state.pickingStartedAt !== null) state.status = 'picking';
  else state.status = 'placed';
  state.customerWaiting = state.checkedInAt !== null && !isTerminal(state.status);
  state.flags = [...flags].sort();
  return state;
}

export function foldDoc(doc: Pick<PickupDoc, 'lines' | 'events'>): PickupState {
  return foldPickup(doc.lines, doc.events);
}

function addMinutes(iso: string, minutes: number): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + minutes * 60_000).toISOString();
}

export function promisedReadyAt(placedAt: string, policy: PickupPolicy): string {
  return addMinutes(placedAt, policy.promiseMinutes);
}

export function expiresAtFor(state: PickupState, policy: PickupPolicy): string {
  return addMinutes(state.readyAt ?? state.placedAt, policy.holdDays * 24 * 60);
}

/** The document with its events sorted and deduplicated and its derived fields recomputed from them. */
export function withDerived<T extends PickupDoc>(doc: T): T {
  const byId = new Map<string, PickupEvent>();
  for (const e of doc.events) if (!byId.has(e.id)) byId.set(e.id, e);
  const events = sortEvents([...byId.values()]);
  const state = foldPickup(doc.lines, events);
  return {
    ...doc,
    events,
    status: state.status,
    placedAt: state.placedAt,
    promisedReadyAt: promisedReadyAt(state.placedAt, doc.policy),
    expiresAt: expiresAtFor(state, doc.policy),
    updatedAt: state.lastEventAt,
    flags: state.flags,
  };
}

function refuse(code: Extract<CommandResult, { ok: false }>['refusal']['code'], reason: string): CommandResult {
  return { ok: false, refusal: { code, reason } };
}

function validQuantity(q: unknown): q is number {
  return typeof q === 'number' && Number.isSafeInteger(q) && q >= 1 && q <= 10_000;
}

const ACTIVE: readonly PickupStatus[] = ['placed', 'picking', 'ready'];

/**
 * Validates one transition against the folded state and returns the new document (with the event appended and
 * derived fields recomputed) or a refusal. Pure: the actor supplies the time and the event id.
 */
export function applyCommand(doc: PickupDoc, command: PickupCommand, actor: Actor): CommandResult {
  if (!actor.eventId || !actor.staffId || !actor.deviceId || Number.isNaN(Date.parse(actor.at))) {
    return refuse('BAD_INPUT', 'every transition records an event id, the staff member, the device and the time');
  }
  if (doc.events.some((e) => e.id === actor.eventId)) return refuse('BAD_INPUT', `event ${actor.eventId} is already recorded`);
  const state = foldDoc(doc);
  const base = { id: actor.eventId, at: actor.at, staffId: actor.staffId, deviceId: actor.deviceId };
  const illegal = (what: string): CommandResult => refuse('ILLEGAL_TRANSITION', `cannot ${what}: the pickup is ${state.status}`);
  let event: PickupEvent;
  switch (command.type) {
    case 'start-picking':
      if (state.status !== 'placed') return illegal('start picking');
      event = { ...base, type: 'picking-started' };
      break;
    case 'pick':
    case 'reject': {
      if (state.status !== 'placed' && state.status !== 'picking') return illegal(command.type === 'pick' ? 'pick' : 'reject a line');
      const line = state.lines[command.lineId];
      if (!line) return refuse('UNKNOWN_LINE', `this pickup has no line ${command.lineId}`);
      if (!validQuantity(command.quantity)) return refuse('BAD_QUANTITY', 'quantity must be a whole number of at least 1');
      const open = line.ordered - line.picked - line.rejected;
      if (command.quantity > open) {
        return refuse('BAD_QUANTITY', `line ${command.lineId} has ${open} unit(s) left to pick or reject, not ${command.quantity}`);
      }
      if (command.type === 'pick') event = { ...base, type: 'line-picked', lineId: command.lineId, quantity: command.quantity };
      else {
        if (!REJECT_REASONS.includes(command.reason)) return refuse('BAD_INPUT', `unknown rejection reason ${String(command.reason)}`);
        event = { ...base, type: 'line-rejected', lineId: command.lineId, quantity: command.quantity, reason: command.reason, note: (command.note ?? '').slice(0, 500) };
      }
      break;
    }
    case 'stage': {
      if (state.status !== 'picking' && state.status !== 'ready') return illegal('stage');
      const location = command.location.trim();
      if (location === '' || location.length > 64) return refuse('BAD_INPUT', 'a staging location (1–64 characters) is required');
      const unresolved = Object.entries(state.lines).filter(([, l]) => l.picked + l.rejected < l.ordered);
      if (unresolved.length > 0) {
        return refuse('LINES_UNRESOLVED', `pick or reject every unit first: ${unresolved.map(([id, l]) => `${id} (${l.ordered - l.picked - l.rejected} open)`).join(', ')}`);
      }
      if (Object.values(state.lines).every((l) => l.picked === 0)) return refuse('NOTHING_PICKED', 'nothing was picked: cancel the pickup instead of staging it');
      event = { ...base, type: 'staged', location };
      break;
    }
    case 'check-in':
      if (!ACTIVE.includes(state.status)) return illegal('check in');
      event = { ...base, type: 'customer-checked-in', checkinId: command.checkinId };
      break;
    case 'collect':
      if (state.status !== 'ready') return illegal('hand over');
      if (command.collectedBy.trim() === '' || command.collectedBy.length > 120) return refuse('BAD_INPUT', 'the name of the person collecting is required');
      event = { ...base, type: 'collected', collectedBy: command.collectedBy.trim(), relation: command.relation, idChecked: command.idChecked };
      break;
    case 'cancel':
      if (!ACTIVE.includes(state.status)) return illegal('cancel');
      if (!CANCELLED_BY.includes(command.by)) return refuse('BAD_INPUT', `unknown canceller ${String(command.by)}`);
      event = { ...base, type: 'cancelled', by: command.by, reason: command.reason.slice(0, 500) };
      break;
    case 'expire':
      if (state.status !== 'ready') return illegal('expire');
      if (actor.at < expiresAtFor(state, doc.policy)) return refuse('NOT_DUE', `the pickup is held until ${expiresAtFor(state, doc.policy)}`);
      event = { ...base, type: 'expired' };
      break;
  }
  return { ok: true, doc: withDerived({ ...doc, events: [...doc.events, event] }), event };
}
