/**
 * Merging two versions of one pickup (two offline devices, or a device and the server): the union of their
 * events by id, ordered by (at, id), folded again. Because the fold is a function of the event set, the merge is
 * commutative, associative and idempotent, so every device converges on the server's state whatever order
 * pushes, pulls and retries happen in. The fold's domain rules (lifecycle.ts) decide races: a handover stands,
 * lines merge unit by unit up to the ordered quantity, an expiry never overrides a handover.
 *
 * The order's own fields (customer, lines, code, policy) never change after the order is placed; they are taken
 * from `a`, which the server always passes as its master so a device cannot rewrite them.
 */
import { canonicalJson } from '../canonical';
import type { PickupDoc, PickupEvent } from './types';
import { withDerived } from './lifecycle';

export function mergeEvents(a: readonly PickupEvent[], b: readonly PickupEvent[]): PickupEvent[] {
  const byId = new Map<string, PickupEvent>();
  for (const e of [...a, ...b]) {
    const seen = byId.get(e.id);
    // The same id with different content should not happen (ids are unique per recording); if it does, both
    // sides must still pick the same one, so the canonical smaller one wins.
    if (!seen || canonicalJson(e) < canonicalJson(seen)) byId.set(e.id, e);
  }
  return [...byId.values()];
}

export function mergePickups<T extends PickupDoc>(a: T, b: PickupDoc): T {
  return withDerived({ ...a, events: mergeEvents(a.events, b.events) });
}
