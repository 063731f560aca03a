/**
 * Merging two versions of one return (two devices, or a device and the server): the union of their events by id,
 * folded again (fold.ts). The fold is a function of the event set, so the merge is commutative, associative and
 * idempotent: every copy converges on the server's, whatever order pushes, pulls and retries happen in.
 *
 * The header fields (store, order, origin, customer, currency) never change after creation; they are taken from
 * `a`, which the server always passes as its master so a device cannot rewrite them.
 */
import { canonicalJson } from '../canonical';
import type { ReturnDoc, ReturnEvent } from './types';
import { withDerived } from './fold';

export function mergeReturnEvents(a: readonly ReturnEvent[], b: readonly ReturnEvent[]): ReturnEvent[] {
  const byId = new Map<string, ReturnEvent>();
  for (const e of [...a, ...b]) {
    const seen = byId.get(e.id);
    // The same id with different content should not happen; if it does, both sides pick the canonical smaller one.
    if (!seen || canonicalJson(e) < canonicalJson(seen)) byId.set(e.id, e);
  }
  return [...byId.values()];
}

export function mergeReturns<T extends ReturnDoc>(a: T, b: ReturnDoc): T {
  return withDerived({ ...a, events: mergeReturnEvents(a.events, b.events) });
}
