/**
 * The customer routes' one-query auth (server/staff/requestAuth.ts) refuses exactly what the two-step path
 * (requireCounter, then requireSignedInStaff) refuses, with the same code and message, on PGlite and PostgreSQL:
 * each way a device token or staff session can be wrong, checked through both paths on the same rows and over
 * real HTTP on GET /api/v1/customers/search. And the device's last-seen time is still recorded, at most once a
 * minute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { enroll, getJson, startCatalog, type RunningCatalog } from '../support/catalog';
import { staffHeader } from '../support/staff';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { authenticate, revokeDevice } from '../../server/auth';
import { createStaffSession, endStaffSession, requireSignedInStaff, STAFF_SESSION_HEADER, type StaffNeed } from '../../server/staff/sessions';
import { readStaff } from '../../server/staff/pins';
import { requireCounter, requireCounterStaff } from '../../server/routes/customers';
import { writeDocs } from '../../server/sync/revisions';
import { AisleError } from '../../shared/errors';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import type { StaffDoc } from '../../shared/schemas/collections';

const engines: Engine[] = ['pglite', 'postgres'];
const LOOKUP: StaffNeed = { role: 'staff', what: 'Looking customers up' };
const VIEW_LOG: StaffNeed = { role: 'manager', what: 'The profile-view log' };

type Verdict = { ok: string } | { code: string; message: string };

describe.each(engines)('customer route auth on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let catalog: RunningCatalog;
  let counter: EnrollResponse;
  let otherCounter: EnrollResponse;
  let kiosk: EnrollResponse;
  let revoked: EnrollResponse;
  let associate: StaffDoc;
  let manager: StaffDoc;
  const sessions: Record<string, string> = {};

  const bearer = (d: EnrollResponse): string => `Bearer ${d.token}`;
  const asRequest = (headers: Record<string, string | undefined>): FastifyRequest => ({ headers }) as unknown as FastifyRequest;
  const verdict = async (run: () => Promise<{ deviceId: string }>): Promise<Verdict> => {
    try {
      return { ok: (await run()).deviceId };
    } catch (error) {
      if (!(error instanceof AisleError)) throw error;
      return { code: error.code, message: error.message };
    }
  };
  /** The path the customer routes took before: four queries. */
  const twoStep = (headers: Record<string, string | undefined>, need: StaffNeed): Promise<Verdict> =>
    verdict(async () => {
      const req = asRequest(headers);
      const device = await requireCounter(catalog.server.ctx, req);
      await requireSignedInStaff(db, device, req.headers[STAFF_SESSION_HEADER], need);
      return device;
    });
  const oneQuery = (headers: Record<string, string | undefined>, need: StaffNeed): Promise<Verdict> => verdict(() => requireCounterStaff(catalog.server.ctx, asRequest(headers), need));
  const session = async (d: EnrollResponse, staff: StaffDoc): Promise<string> => {
    const s = await createStaffSession(db, await authenticate(db, bearer(d)), staff.id);
    return `${s.id}.${s.key}`;
  };
  const writeStaff = (staff: StaffDoc, deleted = false): Promise<number> => db.transaction((tx) => writeDocs(tx, 'staff', [{ id: staff.id, scope: staff.storeId, data: { ...staff }, deleted }], 'test'));

  beforeAll(async () => {
    if (skip) return;
    ({ db } = await openTestDb(engine));
    await seedDemo(db, { seed: 7, variants: 20, stores: 2 });
    catalog = await startCatalog(db);
    counter = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
    otherCounter = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
    kiosk = await enroll(catalog.baseUrl, db, 'store-001', 'kiosk');
    revoked = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
    const staffOf = async (role: string): Promise<StaffDoc> => {
      const id = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'staff' AND scope = 'store-001' AND data->>'role' = $1 ORDER BY id LIMIT 1`, [role])).rows[0]?.id ?? '';
      const staff = await readStaff(db, id);
      if (!staff) throw new Error(`no ${role} at store-001`);
      return staff;
    };
    associate = await staffOf('associate');
    manager = await staffOf('manager');
    sessions['associate'] = await session(counter, associate);
    sessions['manager'] = await session(counter, manager);
    sessions['otherDevice'] = await session(otherCounter, associate);
    sessions['ended'] = await session(counter, associate);
    await endStaffSession(db, await authenticate(db, bearer(counter)), sessions['ended'].split('.')[0] ?? '');
    sessions['expired'] = await session(counter, associate);
    await db.query(`UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [sessions['expired'].split('.')[0]]);
    sessions['revoked'] = await session(revoked, associate);
    await revokeDevice(db, revoked.deviceId);
  }, 120_000);

  afterAll(async () => {
    if (skip) return;
    await catalog.close();
    await db.close();
  });

  const wrongKey = (s: string): string => `${s.split('.')[0] ?? ''}.${'0'.repeat(64)}`;

  it.skipIf(skip)('refuses every bad token and session as the two-step path does, with the same code and message', async () => {
    const cases: [string, Record<string, string | undefined>, StaffNeed, string][] = [
      ['no token', {}, LOOKUP, 'UNAUTHENTICATED'],
      ['malformed token', { authorization: 'Token abc' }, LOOKUP, 'UNAUTHENTICATED'],
      ['unknown token', { authorization: 'Bearer aisle_nobody' }, LOOKUP, 'UNAUTHENTICATED'],
      ['revoked device, its own live session', { authorization: bearer(revoked), [STAFF_SESSION_HEADER]: sessions['revoked'] }, LOOKUP, 'UNAUTHENTICATED'],
      ['kiosk', { authorization: bearer(kiosk), [STAFF_SESSION_HEADER]: sessions['associate'] }, LOOKUP, 'FORBIDDEN'],
      ['nobody signed in', { authorization: bearer(counter) }, LOOKUP, 'FORBIDDEN'],
      ['malformed session header', { authorization: bearer(counter), [STAFF_SESSION_HEADER]: 'sess_x' }, LOOKUP, 'FORBIDDEN'],
      ['unknown session', { authorization: bearer(counter), [STAFF_SESSION_HEADER]: `sess_nosuchsession.${'a'.repeat(64)}` }, LOOKUP, 'FORBIDDEN'],
      ['another device’s session', { authorization: bearer(counter), [STAFF_SESSION_HEADER]: sessions['otherDevice'] }, LOOKUP, 'FORBIDDEN'],
      ['wrong session key', { authorization: bearer(counter), [STAFF_SESSION_HEADER]: wrongKey(sessions['associate'] ?? '') }, LOOKUP, 'FORBIDDEN'],
      ['ended session', { authorization: bearer(counter), [STAFF_SESSION_HEADER]: sessions['ended'] }, LOOKUP, 'FORBIDDEN'],
      ['expired session', { authorization: bearer(counter), [STAFF_SESSION_HEADER]: sessions['expired'] }, LOOKUP, 'FORBIDDEN'],
      ['an associate where a manager is needed', { authorization: bearer(counter), [STAFF_SESSION_HEADER]: sessions['associate'] }, VIEW_LOG, 'FORBIDDEN'],
    ];
    for (const [name, headers, need, code] of cases) {
      const before = await twoStep(headers, need);
      expect(before, name).toMatchObject({ code });
      expect(await oneQuery(headers, need), name).toEqual(before);
    }
    // And what is let through is let through by both.
    for (const [headers, need] of [
      [{ authorization: bearer(counter), [STAFF_SESSION_HEADER]: sessions['associate'] }, LOOKUP],
      [{ authorization: bearer(counter), [STAFF_SESSION_HEADER]: sessions['manager'] }, LOOKUP],
      [{ authorization: bearer(counter), [STAFF_SESSION_HEADER]: sessions['manager'] }, VIEW_LOG],
    ] as const) {
      expect(await oneQuery(headers, need)).toEqual({ ok: counter.deviceId });
      expect(await twoStep(headers, need)).toEqual({ ok: counter.deviceId });
    }
  });

  it.skipIf(skip)('a staff member deactivated, moved to another store or deleted is refused at once, by both paths', async () => {
    const headers = { authorization: bearer(counter), [STAFF_SESSION_HEADER]: sessions['associate'] };
    for (const [name, change, deleted] of [
      ['deactivated', { active: false }, false],
      ['moved to store-002', { storeId: 'store-002' }, false],
      ['deleted', {}, true],
    ] as const) {
      await writeStaff({ ...associate, ...change }, deleted);
      const before = await twoStep(headers, LOOKUP);
      expect(before, name).toEqual({ code: 'FORBIDDEN', message: 'Looking customers up needs a staff member signed in online at this counter. This staff account is not active at this store.' });
      expect(await oneQuery(headers, LOOKUP), name).toEqual(before);
      await writeStaff(associate);
      expect(await oneQuery(headers, LOOKUP), `${name}, restored`).toEqual({ ok: counter.deviceId });
    }
  });

  it.skipIf(skip)('over HTTP: 401 for a bad token, 403 for a kiosk or a bad session, 200 for an associate signed in here', async () => {
    const search = (token: string, extra: Record<string, string> = {}) => getJson(`${catalog.baseUrl}${API_PREFIX}/customers/search?q=alex`, token, extra);
    expect((await search('aisle_nobody', staffHeader(sessions['associate'] ?? ''))).status).toBe(401);
    expect((await search(revoked.token, staffHeader(sessions['revoked'] ?? ''))).status).toBe(401);
    expect((await search(kiosk.token, staffHeader(sessions['associate'] ?? ''))).status).toBe(403);
    expect((await search(counter.token, staffHeader(sessions['otherDevice'] ?? ''))).status).toBe(403);
    expect((await search(counter.token, staffHeader(wrongKey(sessions['associate'] ?? '')))).status).toBe(403);
    const ok = await search(counter.token, staffHeader(sessions['associate'] ?? ''));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const body = ok.body as { hits?: unknown; more?: unknown };
    expect([Array.isArray(body.hits), typeof body.more]).toEqual([true, 'boolean']);
  });

  it.skipIf(skip)('records when the device was last seen, at most once a minute', async () => {
    const headers = { authorization: bearer(counter), [STAFF_SESSION_HEADER]: sessions['associate'] };
    const lastSeen = async (): Promise<string | null> => (await db.query<{ t: string | null }>('SELECT last_seen_at::text AS t FROM devices WHERE id = $1', [counter.deviceId])).rows[0]?.t ?? null;
    await db.query('UPDATE devices SET last_seen_at = NULL WHERE id = $1', [counter.deviceId]);
    expect(await oneQuery(headers, LOOKUP)).toEqual({ ok: counter.deviceId });
    const first = await lastSeen();
    expect(first).not.toBeNull();
    expect(await oneQuery(headers, LOOKUP)).toEqual({ ok: counter.deviceId });
    expect(await lastSeen()).toBe(first);
    await db.query(`UPDATE devices SET last_seen_at = now() - interval '2 minutes' WHERE id = $1`, [counter.deviceId]);
    const stale = await lastSeen();
    expect(await oneQuery(headers, LOOKUP)).toEqual({ ok: counter.deviceId });
    expect(await lastSeen()).not.toBe(stale);
  });
});
