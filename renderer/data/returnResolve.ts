/**
 * A manager resolves a flagged return on this counter (docs/returns.md, "Resolving a flagged return"): a `resolved`
 * event appended to the local return, stamped with the manager's staff session like every event, pushed by
 * replication and merged by event union on the server. It records what was done by hand; no money and no stock
 * move for it anywhere.
 */
import { foldReturn, resolutionProblem, resolvedEvent, withEvent } from '../../shared/returns';
import type { ReturnDoc, ReturnFlag, ReturnResolutionAction } from '../../shared/returns';
import { AisleError } from '../../shared/errors';
import type { SignedInStaff, WriteSession } from './session';
import { stampAttribution } from './staffSession';

export async function resolveFlaggedReturn(session: WriteSession, returnId: string, flag: ReturnFlag, action: ReturnResolutionAction, note: string, staff: SignedInStaff): Promise<ReturnDoc> {
  if (staff.role !== 'manager') throw new AisleError('FORBIDDEN', 'Only a manager can resolve a flagged return. Sign in as a manager.');
  const returns = session.db.collections.returns;
  const rx = returns ? await returns.findOne(returnId).exec() : null;
  if (!rx) throw new AisleError('NOT_FOUND', `return ${returnId} is not on this device`);
  const at = new Date().toISOString();
  let out: ReturnDoc | null = null;
  await rx.incrementalModify((current) => {
    const doc = current as ReturnDoc;
    const problem = resolutionProblem(foldReturn(doc.events), flag, action, note);
    if (problem) throw new AisleError('VALIDATION_FAILED', problem);
    out = withEvent(doc, stampAttribution(resolvedEvent(flag, action, note, { staffId: staff.id, deviceId: session.settings.deviceId, at, eventId: `${returnId}:resolved:${flag}:${at}` })));
    return out;
  });
  session.sync.trackLocalWrite(returnId);
  if (!out) throw new AisleError('INTERNAL', 'the resolution was not recorded');
  return out;
}
