/**
 * Device status reports and the manager's device routes over real HTTP, on PGlite and PostgreSQL: a device's
 * report is stored and shown to its store's manager (and to nobody else: not an associate, not a kiosk, not
 * another store's manager), bad reports get a 400 naming the field and store nothing, a manager's enrollment
 * code enrolls a device of that store, and a revoked device is refused everywhere (401), including its reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { enroll, getJson, postJson, startCatalog, type RunningCatalog } from '../support/catalog';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import { parseStoreDevices } from '../../shared/devices/status';

const engines: Engine[] = ['pglite', 'postgres'];
const MANAGER = 'staff_1001';
const ASSOCIATE = 'staff_1002';
const OTHER_MANAGER = 'staff_2001';

describe.each(engines)('store devices and status reports, %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let catalog: RunningCatalog;
  let counter: EnrollResponse;
  let second: EnrollResponse;
  let kiosk: EnrollResponse;
  let elsewhere: EnrollResponse;
  const report = { appVersion: '0.1.0', lastSyncAt: '2026-12-01T09:00:00.000Z', pendingWrites: 3, lastError: { code: 'SERVER_UNREACHABLE', message: 'Cannot reach the catalog server' }, reportedAt: '2026-12-01T09:01:00.000Z' };

  beforeAll(async () => {
    if (skip) return;
    db = (await openTestDb(engine)).db;
    await seedDemo(db, { seed: 3, variants: 10, stores: 2 });
    catalog = await startCatalog(db, { pickups: { jobs: false } });
    counter = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
    second = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
    kiosk = await enroll(catalog.baseUrl, db, 'store-001', 'kiosk');
    elsewhere = await enroll(catalog.baseUrl, db, 'store-002', 'counter');
  });

  afterAll(async () => {
    await catalog?.close();
    await db?.close();
  });

  const list = (device: EnrollResponse, staffId: string): Promise<{ status: number; body: unknown }> => getJson(`${catalog.baseUrl}${API_PREFIX}/store/devices?staffId=${staffId}`, device.token);

  it.skipIf(skip)('a report is stored and shown to this store’s manager only', async () => {
    expect((await postJson(`${catalog.baseUrl}${API_PREFIX}/device/status`, second.token, report)).status).toBe(200);
    const answer = await list(counter, MANAGER);
    expect(answer.status).toBe(200);
    const devices = parseStoreDevices(answer.body);
    expect(devices.map((d) => d.id).sort()).toEqual([counter.deviceId, second.deviceId, kiosk.deviceId].sort());
    const row = devices.find((d) => d.id === second.deviceId);
    expect(row?.status).toEqual(report);
    expect(row?.lastContactAt).not.toBeNull();
    expect(devices.find((d) => d.id === kiosk.deviceId)?.status).toBeNull();

    expect((await list(counter, ASSOCIATE)).status).toBe(403);
    expect((await list(kiosk, MANAGER)).status).toBe(403);
    expect((await list(elsewhere, MANAGER)).status).toBe(403);
    expect((await list(counter, OTHER_MANAGER)).status).toBe(403);
    expect((await list(counter, '')).status).toBe(400);
    const theirs = parseStoreDevices((await list(elsewhere, OTHER_MANAGER)).body);
    expect(theirs.map((d) => d.id)).toEqual([elsewhere.deviceId]);
  });

  it.skipIf(skip)('a bad report is refused with the field named and changes nothing', async () => {
    const url = `${catalog.baseUrl}${API_PREFIX}/device/status`;
    for (const [body, path] of [
      [{ ...report, pendingWrites: -1 }, '/pendingWrites'],
      [{ ...report, appVersion: 'a\u0000b' }, '/appVersion'],
      [{ ...report, lastError: { code: 'X', message: '\uD800' } }, '/lastError'],
      [{ ...report, reportedAt: 'yesterday' }, '/reportedAt'],
      [{ ...report, extra: 1 }, '/extra'],
      [[report], '/'],
    ] as const) {
      const res = await postJson(url, second.token, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(path);
    }
    const row = parseStoreDevices((await list(counter, MANAGER)).body).find((d) => d.id === second.deviceId);
    expect(row?.status).toEqual(report);
    expect((await postJson(url, 'not-a-token', report)).status).toBe(401);
  });

  it.skipIf(skip)('a manager’s enrollment code enrolls a device of this store; revoking it locks it out everywhere', async () => {
    const codeRes = await postJson(`${catalog.baseUrl}${API_PREFIX}/store/devices/enroll-code`, counter.token, { staffId: MANAGER, role: 'kiosk' });
    expect(codeRes.status).toBe(200);
    const { code } = codeRes.body as { code: string };
    expect((await postJson(`${catalog.baseUrl}${API_PREFIX}/store/devices/enroll-code`, counter.token, { staffId: ASSOCIATE, role: 'kiosk' })).status).toBe(403);
    expect((await postJson(`${catalog.baseUrl}${API_PREFIX}/store/devices/enroll-code`, counter.token, { staffId: MANAGER, role: 'admin' })).status).toBe(400);
    const res = await fetch(`${catalog.baseUrl}${API_PREFIX}/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'new kiosk' }) });
    const newKiosk = (await res.json()) as EnrollResponse;
    expect(newKiosk).toMatchObject({ storeId: 'store-001', role: 'kiosk' });

    const revoke = (caller: EnrollResponse, id: string, staffId = MANAGER): Promise<{ status: number; body: unknown }> => postJson(`${catalog.baseUrl}${API_PREFIX}/store/devices/${id}/revoke`, caller.token, { staffId });
    expect((await revoke(counter, newKiosk.deviceId, ASSOCIATE)).status).toBe(403);
    expect((await revoke(counter, elsewhere.deviceId)).status).toBe(404);
    expect((await revoke(counter, counter.deviceId)).status).toBe(400);
    expect((await revoke(counter, 'dev_%00x')).status).toBe(400);
    expect((await revoke(counter, newKiosk.deviceId)).status).toBe(200);
    expect((await revoke(counter, newKiosk.deviceId)).status).toBe(200);
    expect((await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/stores/pull?rev=0`, newKiosk.token)).status).toBe(401);
    expect((await postJson(`${catalog.baseUrl}${API_PREFIX}/device/status`, newKiosk.token, report)).status).toBe(401);
    const row = parseStoreDevices((await list(counter, MANAGER)).body).find((d) => d.id === newKiosk.deviceId);
    expect(row?.revoked).toBe(true);
    // The other store's device was never touched.
    expect((await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/stores/pull?rev=0`, elsewhere.token)).status).toBe(200);
  });
});
