/**
 * Pickup traffic over real HTTP for tests: orders through the channel-key order API (as the web shop sends them),
 * and pickup transitions made the way a counter device makes them — pull the pickup, applyCommand, push — with an
 * enrolled counter token. No shortcut into the server's tables: stock, projection and messages follow as in use.
 */
import { API_PREFIX, type EnrollResponse, type PullResponse } from '../../shared/sync';
import type { PickupDoc, PickupCommand } from '../../shared/pickup/types';
import { applyCommand } from '../../shared/pickup/lifecycle';
import { getJson, postJson } from './catalog';

export interface PlacedOrder {
  orderId: string;
  orderNumber: string;
  storeId: string;
  status: string;
  pickupCode: string;
  pickupQr: string;
  promisedReadyAt: string;
}

export interface OrderCustomer {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

/** POST /api/v1/orders with a channel key; throws unless 201. */
export async function placeOrder(
  baseUrl: string,
  channelKey: string,
  input: { storeId: string; customer: OrderCustomer; lines: { sku: string; quantity: number; amount?: number }[]; channel?: 'web' | 'app'; orderNumber?: string },
): Promise<PlacedOrder> {
  const body = {
    channel: input.channel ?? 'web',
    ...(input.orderNumber ? { orderNumber: input.orderNumber } : {}),
    customer: input.customer,
    pickupStoreId: input.storeId,
    lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: { amount: l.amount ?? 2999, currency: 'USD' } })),
  };
  const res = await fetch(`${baseUrl}${API_PREFIX}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aisle-channel-key': channelKey }, body: JSON.stringify(body) });
  const answer: unknown = await res.json();
  if (res.status !== 201) throw new Error(`order refused: ${res.status} ${JSON.stringify(answer)}`);
  return answer as PlacedOrder;
}

/** The server's current pickup as a counter device pulls it. */
export async function pullPickup(baseUrl: string, device: EnrollResponse, id: string): Promise<PickupDoc> {
  return (await pullPickups(baseUrl, device)).find((d) => d.id === id) ?? failNotPulled(id);
}

function failNotPulled(id: string): never {
  throw new Error(`pickup ${id} not pulled`);
}

/** Every pickup of the device's store, as a counter pulls them (without the replication's _deleted flag). */
export async function pullPickups(baseUrl: string, device: EnrollResponse): Promise<PickupDoc[]> {
  const out: PickupDoc[] = [];
  let rev = 0;
  for (;;) {
    const { status, body } = await getJson(`${baseUrl}${API_PREFIX}/sync/pickups/pull?rev=${rev}&limit=5000`, device.token);
    if (status !== 200) throw new Error(`pull failed: ${status} ${JSON.stringify(body)}`);
    const page = body as PullResponse<PickupDoc & { _deleted?: boolean }>;
    for (const d of page.documents) {
      const { _deleted: deleted, ...doc } = d;
      if (!deleted) out.push(doc);
    }
    if (page.remaining === 0 || page.documents.length === 0) return out;
    rev = page.checkpoint.rev;
  }
}

let eventNo = 0;

/**
 * Applies commands as a counter device would (its device id, a staff member, a second apart from `at`, default now)
 * and pushes the result with the pulled doc (or `before`, a copy the device pulled earlier: an offline device) as the
 * assumed master. Returns the server's doc after the push.
 */
export async function actAsCounter(baseUrl: string, device: EnrollResponse, pickupId: string, commands: PickupCommand[], options: { staffId?: string; at?: Date; before?: PickupDoc } = {}): Promise<PickupDoc> {
  const before = options.before ?? (await pullPickup(baseUrl, device, pickupId));
  const at = options.at ?? new Date();
  let doc = before;
  for (const [i, command] of commands.entries()) {
    eventNo++;
    // Default: the demo store's first associate (the server refuses events by anyone not active at the device's
    // store), signed in offline, as the server would mark an event without a session proof.
    const staffId = options.staffId ?? `staff_${Number(device.storeId.slice(-3))}002`;
    const result = applyCommand(doc, command, { staffId, deviceId: device.deviceId, at: new Date(at.getTime() + i * 1000).toISOString(), eventId: `${device.deviceId}:e2e-${eventNo}` });
    if (!result.ok) throw new Error(`${command.type} refused: ${result.refusal.reason}`);
    const event = result.event;
    doc = { ...result.doc, events: result.doc.events.map((e) => (e.id === event.id ? { ...e, signedInOffline: true } : e)) };
  }
  const pushed = await postJson(`${baseUrl}${API_PREFIX}/sync/pickups/push`, device.token, [{ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: { ...before, _deleted: false } }]);
  if (pushed.status !== 200) throw new Error(`push failed: ${pushed.status} ${JSON.stringify(pushed.body)}`);
  return pullPickup(baseUrl, device, pickupId);
}

/** The commands that take a placed pickup to ready, every line picked in full and staged. */
export function toReady(doc: Pick<PickupDoc, 'lines'>, location = 'A1'): PickupCommand[] {
  return [{ type: 'start-picking' }, ...doc.lines.map((l): PickupCommand => ({ type: 'pick', lineId: l.id, quantity: l.quantity })), { type: 'stage', location }];
}
