/**
 * What a pickup does to its store's stock, as a function of its state only (never of the path that led
 * there). The server applies `effects(new) − effects(old)` on every write of a pickup, in the same transaction,
 * so the inventory total is independent of delivery order, retries and merges: replaying or reordering pushes
 * cannot count a unit twice. Relative to "no order":
 *
 * - an active pickup (placed, picking, ready) reserves every ordered unit not rejected;
 * - rejected units release their reservation; NOT_IN_STOCK, DAMAGED and WORN_DISPLAY also lower onHand
 *   (a wrong count corrected, a unit written off) — whatever the pickup's final status, since they are
 *   physical facts;
 * - a collected pickup reserves nothing and has taken its picked units out of onHand;
 * - a cancelled or expired one reserves nothing (stock back on sale).
 */
import type { PickupDoc, PickupState } from './types';
import { WRITE_OFF_REASONS } from './types';
import { foldDoc } from './lifecycle';

export interface StockDelta {
  reservedDelta: number;
  onHandDelta: number;
}

export type StockEffects = Map<string, StockDelta>;

export function stockEffectsOfState(doc: Pick<PickupDoc, 'lines'>, state: PickupState): StockEffects {
  const out: StockEffects = new Map();
  const add = (variantId: string, reserved: number, onHand: number): void => {
    const cur = out.get(variantId) ?? { reservedDelta: 0, onHandDelta: 0 };
    out.set(variantId, { reservedDelta: cur.reservedDelta + reserved, onHandDelta: cur.onHandDelta + onHand });
  };
  const active = state.status === 'placed' || state.status === 'picking' || state.status === 'ready';
  for (const line of doc.lines) {
    const ls = state.lines[line.id];
    if (!ls) continue;
    let writtenOff = 0;
    for (const reason of WRITE_OFF_REASONS) writtenOff += ls.rejectedBy[reason] ?? 0;
    const reserved = active ? ls.ordered - ls.rejected : 0;
    const handedOver = state.status === 'collected' ? ls.collected : 0;
    add(line.variantId, reserved, -writtenOff - handedOver);
  }
  return out;
}

export function stockEffects(doc: Pick<PickupDoc, 'lines' | 'events'>): StockEffects {
  return stockEffectsOfState(doc, foldDoc(doc));
}

/** effects(next) − effects(previous); previous null = a new pickup. Zero entries are dropped. */
export function stockDelta(previous: Pick<PickupDoc, 'lines' | 'events'> | null, next: Pick<PickupDoc, 'lines' | 'events'>): StockEffects {
  const before = previous ? stockEffects(previous) : new Map<string, StockDelta>();
  const after = stockEffects(next);
  const out: StockEffects = new Map();
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(id) ?? { reservedDelta: 0, onHandDelta: 0 };
    const a = after.get(id) ?? { reservedDelta: 0, onHandDelta: 0 };
    const d = { reservedDelta: a.reservedDelta - b.reservedDelta, onHandDelta: a.onHandDelta - b.onHandDelta };
    if (d.reservedDelta !== 0 || d.onHandDelta !== 0) out.set(id, d);
  }
  return out;
}
