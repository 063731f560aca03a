/**
 * Device status reports and the manager's device routes over real HTTP, on PGlite and PostgreSQL: a device's
 * report is stored and shown to its store's manager (and to nobody else: not an associate, not a kiosk, not
 * another store's manager), bad reports get a 400 naming the field and store nothing, a manager's enrollment
 * code enrolls a device of that store, and a revoked device is refused everywhere (401), including its reports.
 * Who the manager is comes from the staff session of a manager signed in online at that counter, never from a
 * staffId the request names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { enroll, getJson, postJson, startCatalog, type RunningCatalog } from '../support/catalog';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import { parseStoreDevices } from '../../shared/devices/status';
import { signInOver, staffHeader } from '../support/staff';

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
  /** Staff sessions: the manager and an associate at `counter`, the other store's manager at `elsewhere`. */
  const sessions = { manager: '', associate: '', otherManager: '' };
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
    sessions.manager = await signInOver(catalog.baseUrl, db, counter, MANAGER);
    sessions.associate = await signInOver(catalog.baseUrl, db, counter, ASSOCIATE);
    sessions.otherManager = await signInOver(catalog.baseUrl, db, elsewhere, OTHER_MANAGER);
  });

  afterAll(async () => {
    await catalog?.close();
    await db?.close();
  });

  /** session '' sends none; staffId is what an old (or forging) client names in the query, which decides nothing. */
  const list = (device: EnrollResponse, session: string, staffId = MANAGER): Promise<{ status: number; body: unknown }> =>
    getJson(`${catalog.baseUrl}${API_PREFIX}/store/devices?staffId=${staffId}`, device.token, session ? staffHeader(session) : {});

  it.skipIf(skip)('a report is stored and shown to this store’s manager only', async () => {
    expect((await postJson(`${catalog.baseUrl}${API_PREFIX}/device/status`, second.token, report)).status).toBe(200);
    const answer = await list(counter, sessions.manager);
    expect(answer.status).toBe(200);
    const devices = parseStoreDevices(answer.body);
    expect(devices.map((d) => d.id).sort()).toEqual([counter.deviceId, second.deviceId, kiosk.deviceId].sort());
    const row = devices.find((d) => d.id === second.deviceId);
    expect(row?.status).toEqual(report);
    expect(row?.lastContactAt).not.toBeNull();
    expect(devices.find((d) => d.id === kiosk.deviceId)?.status).toBeNull();

    // An associate's session; a kiosk; the manager's session used from another store's counter; a manager's
    // staffId named with no session at all (what any counter could forge before staff sessions): all refused.
    expect((await list(counter, sessions.associate)).status).toBe(403);
    expect((await list(kiosk, sessions.manager)).status).toBe(403);
    expect((await list(elsewhere, sessions.manager)).status).toBe(403);
    const forged = await list(counter, '', MANAGER);
    expect(forged.status).toBe(403);
    expect(JSON.stringify(forged.body)).toMatch(/manager of this store signed in online/);
    expect((await list(counter, `${sessions.manager.slice(0, -4)}0000`)).status).toBe(403);
    const theirs = parseStoreDevices((await list(elsewhere, sessions.otherManager)).body);
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
    const row = parseStoreDevices((await list(counter, sessions.manager)).body).find((d) => d.id === second.deviceId);
    expect(row?.status).toEqual(report);
    expect((await postJson(url, 'not-a-token', report)).status).toBe(401);
  });

  it.skipIf(skip)('a manager’s enrollment code enrolls a device of this store; revoking it locks it out everywhere', async () => {
    const codeUrl = `${catalog.baseUrl}${API_PREFIX}/store/devices/enroll-code`;
    const codeRes = await postJson(codeUrl, counter.token, { role: 'kiosk' }, staffHeader(sessions.manager));
    expect(codeRes.status).toBe(200);
    const { code } = codeRes.body as { code: string };
    expect((await postJson(codeUrl, counter.token, { role: 'kiosk' }, staffHeader(sessions.associate))).status).toBe(403);
    expect((await postJson(codeUrl, counter.token, { staffId: MANAGER, role: 'kiosk' })).status).toBe(403);
    expect((await postJson(codeUrl, counter.token, { role: 'admin' }, staffHeader(sessions.manager))).status).toBe(400);
    const res = await fetch(`${catalog.baseUrl}${API_PREFIX}/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'new kiosk' }) });
    const newKiosk = (await res.json()) as EnrollResponse;
    expect(newKiosk).toMatchObject({ storeId: 'store-001', role: 'kiosk' });

    const revoke = (caller: EnrollResponse, id: string, session = sessions.manager): Promise<{ status: number; body: unknown }> =>
      postJson(`${catalog.baseUrl}${API_PREFIX}/store/devices/${id}/revoke`, caller.token, { staffId: MANAGER }, session ? staffHeader(session) : {});
    expect((await revoke(counter, newKiosk.deviceId, sessions.associate)).status).toBe(403);
    expect((await revoke(counter, newKiosk.deviceId, '')).status).toBe(403);
    expect((await revoke(counter, elsewhere.deviceId)).status).toBe(404);
    expect((await revoke(counter, counter.deviceId)).status).toBe(400);
    expect((await revoke(counter, 'dev_%00x')).status).toBe(400);
    expect((await revoke(counter, newKiosk.deviceId)).status).toBe(200);
    expect((await revoke(counter, newKiosk.deviceId)).status).toBe(200);
    expect((await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/stores/pull?rev=0`, newKiosk.token)).status).toBe(401);
    expect((await postJson(`${catalog.baseUrl}${API_PREFIX}/device/status`, newKiosk.token, report)).status).toBe(401);
    const row = parseStoreDevices((await list(counter, sessions.manager)).body).find((d) => d.id === newKiosk.deviceId);
    expect(row?.revoked).toBe(true);
    // The other store's device was never touched.
    expect((await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/stores/pull?rev=0`, elsewhere.token)).status).toBe(200);
  });
});
