/**
 * The device side of pickup conflicts, for RxDB's `conflictHandler` on the `pickups` collection (renderer/data
 * plugs it in; this file stays free of rxdb). When the server answers a push with a master state, the device's
 * fork and the master are merged with the same mergePickups the server uses, so both end up with the same
 * document and the next push of the merged state is a no-op or a fast-forward.
 */
import { sameDocState } from '../canonical';
import type { PickupDoc } from './types';
import { mergePickups } from './merge';

type Replicated<T> = T & { _deleted?: boolean };

export interface PickupConflictInput {
  newDocumentState: Replicated<PickupDoc>;
  realMasterState: Replicated<PickupDoc>;
}

/** Equality as replication sees it: RxDB bookkeeping and key order ignored. */
export function pickupDocsEqual(a: Replicated<PickupDoc>, b: Replicated<PickupDoc>): boolean {
  return sameDocState({ ...a }, { ...b });
}

/** The resolved state the device stores: the master merged with the device's own events. */
export function resolvePickupConflict(input: PickupConflictInput): Replicated<PickupDoc> {
  const { _deleted, ...master } = input.realMasterState;
  const merged = mergePickups<PickupDoc>(master, input.newDocumentState);
  return { ...merged, _deleted: _deleted === true };
}

/** Shaped like RxDB's RxConflictHandler ({isEqual, resolve}), so the renderer can pass it as is. */
export const pickupConflictHandler = {
  isEqual: (a: Replicated<PickupDoc>, b: Replicated<PickupDoc>): boolean => pickupDocsEqual(a, b),
  resolve: (input: PickupConflictInput): Promise<Replicated<PickupDoc>> => Promise.resolve(resolvePickupConflict(input)),
};
