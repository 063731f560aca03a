/**
 * On a real PostgreSQL: (1) a pull never skips a row while many devices push concurrently, even though
 * PostgreSQL transactions may commit in a different order than they started; (2) two separate server
 * processes on one database fan out each other's changes to their SSE clients (LISTEN/NOTIFY).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { createPostgresDatabase, postgresSkipReason } from '../support/databases';
import { deviceHeaders, enroll, getJson, postJson, startCatalog, type RunningCatalog } from '../support/catalog';
import { readSse } from '../support/sse';
import { writeDocs, type DocWrite } from '../../server/sync/revisions';
import { API_PREFIX, type EnrollResponse, type PullResponse } from '../../shared/sync';
import type { NoteDoc } from '../../shared/schemas/collections';

const skip = postgresSkipReason() !== '';
const ROOT = path.resolve(import.meta.dirname, '..', '..');

async function startServerProcess(databaseUrl: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'server', 'cli.ts'), '--database-url', databaseUrl, '--port', '0', '--log-level', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server process did not start: ${out}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server process exited with ${code}: ${out}`)));
  });
  return { child, baseUrl };
}

describe.skipIf(skip)('PostgreSQL: ordering and fan-out across processes', () => {
  let databaseUrl: string;
  let db: Db;
  let a: RunningCatalog;
  let b: { child: ChildProcess; baseUrl: string };
  let devices: EnrollResponse[];

  beforeAll(async () => {
    databaseUrl = await createPostgresDatabase();
    db = await openDb({ databaseUrl });
    await seedDemo(db, { seed: 3, variants: 50 });
    a = await startCatalog(db);
    b = await startServerProcess(databaseUrl);
    const store = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' ORDER BY id LIMIT 1`)).rows[0]?.id ?? '';
    devices = [];
    for (let i = 0; i < 6; i++) devices.push(await enroll(i % 2 === 0 ? a.baseUrl : b.baseUrl, db, store));
  });

  afterAll(async () => {
    b?.child.kill('SIGTERM');
    await a?.close();
    await db?.close();
  });

  it('a device pulling during concurrent pushes through two processes receives every row exactly once', async () => {
    const reader = devices[0];
    if (!reader) throw new Error('no devices');
    const written = new Set<string>();
    const pushers = devices.map(async (device, i) => {
      const base = i % 2 === 0 ? a.baseUrl : b.baseUrl;
      for (let batch = 0; batch < 15; batch++) {
        const rows = Array.from({ length: 5 }, () => {
          const now = new Date().toISOString();
          const doc: NoteDoc = { id: `note_${randomUUID()}`, storeId: device.storeId, productId: 'p', variantId: '', text: `batch ${batch}`, staffId: 'staff_1002', deviceId: device.deviceId, createdAt: now, updatedAt: now, signedInOffline: true };
          written.add(doc.id);
          return { newDocumentState: { ...doc, _deleted: false }, assumedMasterState: null };
        });
        const res = await postJson(`${base}${API_PREFIX}/sync/notes/push`, device.token, rows);
        expect(res.status).toBe(200);
      }
    });
    const seen = new Map<string, number>();
    let rev = 0;
    let done = false;
    const all = Promise.all(pushers).then(() => {
      done = true;
    });
    // Pull continuously while the pushes race each other; then once more after the last commit.
    for (let finalPass = false; ; ) {
      const res = await getJson(`${b.baseUrl}${API_PREFIX}/sync/notes/pull?rev=${rev}&limit=7`, reader.token);
      const page = res.body as PullResponse<NoteDoc>;
      for (const d of page.documents) seen.set(d.id, (seen.get(d.id) ?? 0) + 1);
      rev = page.checkpoint.rev;
      if (page.documents.length === 0) {
        if (finalPass) break;
        if (done) finalPass = true;
        else await new Promise((r) => setTimeout(r, 5));
      }
    }
    await all;
    const missing = [...written].filter((id) => !seen.has(id));
    expect(missing).toEqual([]);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(seen.size).toBe(written.size);
  });

  it('a writer that took a revision holds back later writers until it commits (deterministic ordering check)', async () => {
    const now = new Date().toISOString();
    const mk = (text: string): DocWrite => {
      const id = `note_${randomUUID()}`;
      return { id, scope: 'store-001', data: { id, storeId: 'store-001', productId: 'p', variantId: '', text, staffId: 's', deviceId: 'd', createdAt: now, updatedAt: now } };
    };
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    let firstRev = 0;
    const tookRev = new Promise<void>((resolve) => {
      void db.transaction(async (tx) => {
        firstRev = await writeDocs(tx, 'notes', [mk('slow writer')], 'test');
        resolve();
        await firstHolds; // still uncommitted
      });
    });
    await tookRev;
    let secondRev = 0;
    const second = db.transaction(async (tx) => (secondRev = await writeDocs(tx, 'notes', [mk('fast writer')], 'test')));
    await new Promise((r) => setTimeout(r, 300));
    // Without the revision lock the second writer would have committed a higher revision by now, and a device
    // pulling at this moment would move its checkpoint past the first writer's row for ever.
    expect(secondRev).toBe(0);
    const visible = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docs WHERE collection = 'notes' AND rev > $1`, [firstRev - 1]);
    expect(visible.rows[0]?.n).toBe(0);
    releaseFirst();
    await second;
    expect(secondRev).toBeGreaterThan(firstRev);
  });

  it('a change committed through one process reaches the SSE clients of the other', async () => {
    const device = devices[1];
    if (!device) throw new Error('no device');
    const ac = new AbortController();
    const res = await fetch(`${b.baseUrl}${API_PREFIX}/sync/stream`, { headers: deviceHeaders(device.token), signal: ac.signal });
    const events = readSse(res);
    expect(await events.next()).toMatchObject({ type: 'hello' });
    const now = new Date().toISOString();
    const doc: NoteDoc = { id: `note_${randomUUID()}`, storeId: device.storeId, productId: 'p', variantId: '', text: 'via A', staffId: 'staff_1002', deviceId: 'x', createdAt: now, updatedAt: now, signedInOffline: true };
    await postJson(`${a.baseUrl}${API_PREFIX}/sync/notes/push`, devices[0]?.token ?? '', [{ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: null }]);
    let event: unknown;
    do event = await events.next(); while ((event as { type: string }).type !== 'change');
    expect(event).toMatchObject({ type: 'change', collection: 'notes' });
    ac.abort();
  });
});
