/**
 * `reviews`: a manager's resolution of something sync could not settle by itself (a pickup flag now; returns
 * will add their own kinds). One document per conflict, its id derived from the conflict (conflictKey), so two
 * managers resolving the same conflict on two offline counters write the same document: the first to reach the
 * server wins and the other device adopts it (the default master-wins rule), and the screen shows who resolved
 * it. Written by counters; the signed-in manager is recorded (staffId) with the device.
 */
import type { CollectionSchema } from '../schemas/jsonSchema';
import { idField, isoTime } from '../schemas/common';

export interface ReviewDoc {
  /** conflictKey(source, subjectId, kind) */
  id: string;
  storeId: string;
  /** Where the conflict comes from: 'pickup' now, 'return' when returns exist. */
  source: string;
  /** The pickup (order) id, or the return id. */
  subjectId: string;
  /** The flag or conflict kind, e.g. CANCELLED_AFTER_HANDOVER. */
  kind: string;
  /** One of the kind's resolution actions (conflicts.ts). */
  action: string;
  note: string;
  staffId: string;
  staffName: string;
  deviceId: string;
  resolvedAt: string;
  updatedAt: string;
}

export const reviewSchema = {
  title: 'reviews',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    storeId: idField,
    source: { type: 'string', maxLength: 32 },
    subjectId: idField,
    kind: { type: 'string', maxLength: 64 },
    action: { type: 'string', maxLength: 64 },
    note: { type: 'string', maxLength: 1000 },
    staffId: idField,
    staffName: { type: 'string', maxLength: 120 },
    deviceId: idField,
    resolvedAt: isoTime,
    updatedAt: isoTime,
  },
  required: ['id', 'storeId', 'source', 'subjectId', 'kind', 'action', 'note', 'staffId', 'staffName', 'deviceId', 'resolvedAt', 'updatedAt'],
} as const satisfies CollectionSchema;
