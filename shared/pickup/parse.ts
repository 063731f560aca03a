/**
 * Parses one pickup event from unknown (a pushed document's events): the JSON schema checks field types, this
 * checks that each event type carries its own fields, so the fold never sees a pick without a quantity.
 */
import type { PickupEvent } from './types';
import { CANCELLED_BY, PICKUP_CHANNELS, REJECT_REASONS } from './types';
import { isStaffProof } from '../staff';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const qty = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 10_000;

/** The event, or a message saying what is wrong with it. */
export function parsePickupEvent(value: unknown): PickupEvent | string {
  if (!isRecord(value)) return 'must be an object';
  const { id, at, staffId, deviceId, type } = value;
  if (!str(id, 80) || id === '') return 'id must be a non-empty string';
  if (!str(at, 32) || Number.isNaN(Date.parse(at))) return 'at must be an ISO time';
  if (!str(staffId, 64) || staffId === '') return 'staffId is required';
  if (!str(deviceId, 64) || deviceId === '') return 'deviceId is required';
  const base: Pick<PickupEvent, 'id' | 'at' | 'staffId' | 'deviceId' | 'auth' | 'signedInOffline'> = { id, at, staffId, deviceId };
  if (value['auth'] !== undefined) {
    if (!isStaffProof(value['auth'])) return 'auth must be {session, mac} from an online staff session';
    base.auth = { session: value['auth'].session, mac: value['auth'].mac };
  }
  if (value['signedInOffline'] !== undefined) {
    if (typeof value['signedInOffline'] !== 'boolean') return 'signedInOffline must be a boolean';
    if (value['signedInOffline']) base.signedInOffline = true;
  }
  switch (type) {
    case 'placed':
      return PICKUP_CHANNELS.some((c) => c === value['channel']) ? { ...base, type, channel: value['channel'] === 'app' ? 'app' : 'web' } : 'placed needs a channel';
    case 'picking-started':
    case 'expired':
      return { ...base, type };
    case 'line-picked':
      return str(value['lineId'], 16) && qty(value['quantity']) ? { ...base, type, lineId: value['lineId'], quantity: value['quantity'] } : 'line-picked needs lineId and quantity';
    case 'line-rejected': {
      const reason = REJECT_REASONS.find((r) => r === value['reason']);
      const note = value['note'] ?? '';
      if (!str(value['lineId'], 16) || !qty(value['quantity']) || !reason || !str(note, 500)) return 'line-rejected needs lineId, quantity, a known reason and a note (may be empty)';
      return { ...base, type, lineId: value['lineId'], quantity: value['quantity'], reason, note };
    }
    case 'staged':
      return str(value['location'], 64) && value['location'] !== '' ? { ...base, type, location: value['location'] } : 'staged needs a location';
    case 'customer-checked-in':
      return str(value['checkinId'], 64) ? { ...base, type, checkinId: value['checkinId'] } : 'customer-checked-in needs a checkinId';
    case 'collected': {
      const relation = value['relation'];
      if (!str(value['collectedBy'], 120) || (relation !== 'customer' && relation !== 'proxy') || typeof value['idChecked'] !== 'boolean') {
        return 'collected needs collectedBy, relation (customer|proxy) and idChecked';
      }
      return { ...base, type, collectedBy: value['collectedBy'], relation, idChecked: value['idChecked'] };
    }
    case 'cancelled': {
      const by = CANCELLED_BY.find((b) => b === value['by']);
      return by && str(value['reason'], 500) ? { ...base, type, by, reason: value['reason'] } : 'cancelled needs by (customer|webshop|store) and a reason';
    }
    default:
      return `unknown event type ${String(type)}`;
  }
}
