/**
 * The device side of return conflicts, for RxDB's `conflictHandler` on the `returns` collection (renderer/data
 * plugs it in; this file stays free of rxdb): the device's fork and the server's master are merged with the same
 * mergeReturns the server uses, so the server's accepted/refunded/flagged events reach the device and the device's
 * own events are never lost.
 */
import { sameDocState } from '../canonical';
import type { ReturnDoc } from './types';
import { mergeReturns } from './merge';

type Replicated<T> = T & { _deleted?: boolean };

export interface ReturnConflictInput {
  newDocumentState: Replicated<ReturnDoc>;
  realMasterState: Replicated<ReturnDoc>;
}

export function resolveReturnConflict(input: ReturnConflictInput): Replicated<ReturnDoc> {
  const { _deleted, ...master } = input.realMasterState;
  return { ...mergeReturns<ReturnDoc>(master, input.newDocumentState), _deleted: _deleted === true };
}

/** Shaped like RxDB's RxConflictHandler ({isEqual, resolve}). */
export const returnConflictHandler = {
  isEqual: (a: Replicated<ReturnDoc>, b: Replicated<ReturnDoc>): boolean => sameDocState({ ...a }, { ...b }),
  resolve: (input: ReturnConflictInput): Promise<Replicated<ReturnDoc>> => Promise.resolve(resolveReturnConflict(input)),
};
