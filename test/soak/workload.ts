/**
 * What the soak's devices do: the next sensible step of a pickup as a counter associate would take it (start
 * picking, pick a unit, now and then reject one, stage, hand over, rarely cancel), a product note, a kiosk
 * check-in. Every acknowledged write is recorded with what must be found on the server at the end.
 */
import { foldDoc } from '../../shared/pickup/lifecycle';
import type { PickupCommand, PickupDoc } from '../../shared/pickup/types';
import type { ReturnableSale } from '../../shared/returns/types';
import type { SoakDevice } from './devices';
import { mulberry32 } from '../../server/seed/prng';

export type AckedWrite =
  | { kind: 'pickup-event'; device: string; pickupId: string; eventId: string; type: string }
  | { kind: 'note'; device: string; id: string }
  | { kind: 'checkin'; device: string; id: string }
  | { kind: 'return'; device: string; id: string; orderId: string; raced: boolean; offline: boolean }
  | { kind: 'customer-event'; device: string; id: string };

/** What a counter may return (sales seeded for the soak) and whom it may look up (customers seeded for the soak). */
export interface CounterWork {
  sales: ReturnableSale[];
  customerOf: Map<string, string>;
  customers: string[];
  productOf: Record<string, string>;
  /** Whether this device reaches the server now (its proxy is not cut, the server is up). */
  online: (device: SoakDevice) => boolean;
}

export interface WorkloadStats {
  operations: number;
  refused: number;
  failed: number;
  byKind: Record<string, number>;
}

export function newStats(): WorkloadStats {
  return { operations: 0, refused: 0, failed: 0, byKind: {} };
}

/** A small seeded PRNG (the demo seed's mulberry32): the same seed gives the same run plan. */
export const prng: (seed: number) => () => number = mulberry32;

export function pick<T>(random: () => number, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
}

function isPickup(v: unknown): v is PickupDoc {
  return typeof v === 'object' && v !== null && 'events' in v && Array.isArray(v.events) && 'lines' in v && Array.isArray(v.lines) && 'id' in v;
}

/** The next step for this pickup, or null when it is finished. */
export function nextCommand(doc: PickupDoc, random: () => number): PickupCommand | null {
  const state = foldDoc(doc);
  if (state.status === 'collected' || state.status === 'cancelled' || state.status === 'expired') return null;
  if (random() < 0.02) return { type: 'cancel', by: 'store', reason: 'soak: customer called' };
  if (state.status === 'placed') return { type: 'start-picking' };
  if (state.status === 'picking') {
    const open = doc.lines.filter((l) => {
      const ls = state.lines[l.id];
      return ls !== undefined && ls.picked + ls.rejected < ls.ordered;
    });
    const line = pick(random, open);
    if (!line) return { type: 'stage', location: `A${1 + Math.floor(random() * 9)}` };
    if (random() < 0.05) return { type: 'reject', lineId: line.id, quantity: 1, reason: 'DAMAGED', note: 'soak: dented box' };
    return { type: 'pick', lineId: line.id, quantity: 1 };
  }
  // ready: the customer is here (or not yet).
  return random() < 0.6 ? { type: 'collect', collectedBy: 'Soak Customer', relation: 'customer', idChecked: true } : null;
}

/**
 * One counter step: a pickup step (the "hot" pickups are shared by every counter, so two devices often work
 * on the same one) or a note.
 */
export async function counterStep(device: SoakDevice, staffId: string, hot: string[], variants: { id: string; productId: string }[], random: () => number, acked: AckedWrite[], stats: WorkloadStats, work?: CounterWork): Promise<void> {
  stats.operations++;
  const r = random();
  if (work && r < 0.06) {
    const sale = pick(random, work.sales);
    const line = sale ? pick(random, sale.lines) : undefined;
    if (sale && line && (await returnUnits(device, sale, line.id, staffId, work, random() < 0.25 ? false : work.online(device), false, acked, stats)) !== null) return;
  }
  if (work && r >= 0.06 && r < 0.12) {
    const customerId = pick(random, work.customers);
    const kind = random() < 0.5 ? 'note' : 'viewed';
    const pending = customerId ? device.customerEvent(kind === 'note' ? { customerId, kind, staffId, text: `soak customer note ${stats.operations} from ${device.name}` } : { customerId, kind, staffId, source: 'search' }) : null;
    if (pending) {
      stats.byKind[`customer-${kind}`] = (stats.byKind[`customer-${kind}`] ?? 0) + 1;
      acked.push({ kind: 'customer-event', device: device.name, id: (await pending).id });
      return;
    }
  }
  if (random() < 0.2) {
    const v = pick(random, variants);
    if (!v) return;
    stats.byKind['note'] = (stats.byKind['note'] ?? 0) + 1;
    const doc = await device.note({ productId: v.productId, variantId: v.id, text: `soak note ${stats.operations} from ${device.name}`, staffId });
    acked.push({ kind: 'note', device: device.name, id: doc.id });
    return;
  }
  const all = (await device.docs('pickups')).filter(isPickup);
  const open = all.filter((d) => d.status !== 'collected' && d.status !== 'cancelled' && d.status !== 'expired');
  const hotOpen = open.filter((d) => hot.includes(d.id));
  const doc = (random() < 0.5 ? pick(random, hotOpen) : undefined) ?? pick(random, open);
  if (!doc) return;
  const command = nextCommand(doc, random);
  if (!command) return;
  stats.byKind[command.type] = (stats.byKind[command.type] ?? 0) + 1;
  const result = await device.pickup(doc.id, command, staffId);
  if (!result.ok) {
    stats.refused++;
    return;
  }
  acked.push({ kind: 'pickup-event', device: device.name, pickupId: doc.id, eventId: result.event.id, type: result.event.type });
}

export async function kioskStep(device: SoakDevice, codes: string[], random: () => number, acked: AckedWrite[], stats: WorkloadStats): Promise<void> {
  const code = pick(random, codes);
  if (!code) return;
  stats.operations++;
  stats.byKind['check-in'] = (stats.byKind['check-in'] ?? 0) + 1;
  const started = await device.checkin(code);
  if (started.created) acked.push({ kind: 'checkin', device: device.name, id: started.id });
}

/**
 * One unit of a sale line brought back to this counter (gift card: allowed online and offline). Resolves to null
 * when this device takes no returns; `online` false is a counter that knows it cannot reach the server.
 */
export async function returnUnits(device: SoakDevice, sale: ReturnableSale, orderLineId: string, staffId: string, work: CounterWork, online: boolean, raced: boolean, acked: AckedWrite[], stats: WorkloadStats): Promise<boolean | null> {
  const pending = device.returnUnits({ sale, customerId: work.customerOf.get(sale.orderId) ?? '', lines: [{ orderLineId, quantity: 1 }], productOf: work.productOf, staffId, online });
  if (!pending) return null;
  stats.byKind['return'] = (stats.byKind['return'] ?? 0) + 1;
  const outcome = await pending;
  if (!outcome.ok) {
    // Already returned as far as this device knows, or not returnable without a manager: the screen says why.
    stats.refused++;
    return false;
  }
  acked.push({ kind: 'return', device: device.name, id: outcome.id, orderId: sale.orderId, raced, offline: !online });
  return true;
}
