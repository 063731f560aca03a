/** Starts a real catalog server on a loopback port for a test, and enrolls devices against it over HTTP. */
import type { AddressInfo } from 'node:net';
import { buildServer, type CatalogServer } from '../../server/app';
import type { PickupServerOptions } from '../../server/orders/setup';
import { createEnrollmentCode } from '../../server/auth';
import type { Db } from '../../server/db/db';
import { writeDocs } from '../../server/sync/revisions';
import type { InventoryDoc } from '../../shared/schemas/collections';
import { API_PREFIX, SCHEMA_HEADER, SCHEMA_VERSION, type DeviceRole, type EnrollResponse } from '../../shared/sync';

export interface RunningCatalog {
  server: CatalogServer;
  baseUrl: string;
  close(): Promise<void>;
}

export interface CatalogOptions {
  /** 0 (default): any free port. */
  port?: number;
  /** Pickup settings: channel keys, sender, clock, background job (tests pass jobs: false). */
  pickups?: PickupServerOptions;
  /** How often an open stream re-checks its token (server default 15 s). */
  streamRecheckMs?: number;
}

export async function startCatalog(db: Db, options: number | CatalogOptions = 0): Promise<RunningCatalog> {
  const { port = 0, pickups, streamRecheckMs } = typeof options === 'number' ? { port: options } : options;
  const server = await buildServer({ db, ...(pickups ? { pickups } : {}), ...(streamRecheckMs ? { streamRecheckMs } : {}) });
  await server.app.listen({ port, host: '127.0.0.1' });
  const addr = server.app.server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${addr.port}`, close: () => server.close() };
}

export async function enroll(baseUrl: string, db: Db, storeId: string, role: DeviceRole = 'counter'): Promise<EnrollResponse> {
  const { code } = await createEnrollmentCode(db, storeId, role);
  const res = await fetch(`${baseUrl}/api/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName: `test ${role}` }),
  });
  if (res.status !== 200) throw new Error(`enroll failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as EnrollResponse;
}

export function deviceHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, [SCHEMA_HEADER]: String(SCHEMA_VERSION), 'content-type': 'application/json' };
}

/** `extra` adds headers, e.g. a staff session (test/support/staff.ts staffHeader). */
export async function getJson(url: string, token: string, extra: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers: { ...deviceHeaders(token), ...extra } });
  return { status: res.status, body: await res.json() };
}

export async function postJson(url: string, token: string, body: unknown, extra: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { ...deviceHeaders(token), ...extra }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/**
 * Sets a variant's stock at a store straight in the catalog (none reserved), as an import would: the change
 * replicates to devices like any other. `location` is the shelf a pick list shows.
 */
export async function setStock(db: Db, storeId: string, variantId: string, onHand: number, options: { location?: string; by?: string } = {}): Promise<InventoryDoc> {
  const inv: InventoryDoc = { id: `${storeId}:${variantId}`, storeId, variantId, onHand, reserved: 0, available: onHand, ...(options.location ? { location: options.location } : {}), updatedAt: new Date().toISOString() };
  await db.transaction((tx) => writeDocs(tx, 'inventory', [{ id: inv.id, scope: storeId, data: { ...inv } }], options.by ?? 'test'));
  return inv;
}

/** POST `${API_PREFIX}${path}` as a sales channel (web shop, app, store POS) with its key; throws on any status of 300 or more. */
export async function postAsChannel(baseUrl: string, path: string, channelKey: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${baseUrl}${API_PREFIX}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aisle-channel-key': channelKey }, body: JSON.stringify(body) });
  const answer: unknown = await res.json();
  if (res.status >= 300) throw new Error(`${path} refused: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}
