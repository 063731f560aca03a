/**
 * The device's own database and replication code (renderer/data) in Node, on RxDB's memory storage, against a
 * real catalog server over real HTTP: a first sync of 10,000 variants, a server price change arriving live
 * through the SSE stream, a device write pushed to the server, and a push whose response is lost on the way
 * back (the server disappears mid-push) applied exactly once when RxDB retries. The real Dexie storage is
 * covered in Chromium by the end-to-end suite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { DEMO_ASSOCIATE_PIN, seedDemo } from '../../server/seed/demo';
import { writeDocs } from '../../server/sync/revisions';
import { enroll, startCatalog, type RunningCatalog } from '../support/catalog';
import { openDatabase, collectionsForRole, type AisleDatabase } from '../../renderer/data/database';
import { SyncEngine } from '../../renderer/data/replication';
import { signInStaff } from '../../renderer/data/session';
import { StaffPinStore } from '../../renderer/data/pin';
import { stampAttribution } from '../../renderer/data/staffSession';
import type { DeviceSettings } from '../../shared/ipc';
import { memoryKeyValue, nodeDesktop } from '../support/desktop';
import type { NoteDoc, VariantDoc } from '../../shared/schemas/collections';

const VARIANTS = 10_000;

/** A pass-through HTTP proxy that can forward one push to the server and then cut the connection before the answer. */
function startProxy(target: string): Promise<{ url: string; dropNextPushResponse(): void; droppedPushes: number; close(): Promise<void> }> {
  const upstream = new URL(target);
  let drop = false;
  const state = { droppedPushes: 0 };
  const server: Server = createServer((req, res) => {
    const fwd = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      if (drop && req.url?.includes('/push')) {
        drop = false;
        state.droppedPushes++;
        up.resume();
        up.on('end', () => res.socket?.destroy()); // the server applied it; the device never hears back
        return;
      }
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    fwd.on('error', () => res.destroy());
    req.pipe(fwd);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        dropNextPushResponse: () => (drop = true),
        get droppedPushes() {
          return state.droppedPushes;
        },
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}

async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('device database replicating with the catalog (RxDB memory storage in Node)', () => {
  let db: Db;
  let catalog: RunningCatalog;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let device: AisleDatabase;
  let engine: SyncEngine;
  let settings: DeviceSettings;
  const kv = memoryKeyValue();

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 5, variants: VARIANTS });
    catalog = await startCatalog(db);
    proxy = await startProxy(catalog.baseUrl);
    const enrolled = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
    settings = { serverUrl: proxy.url, deviceId: enrolled.deviceId, deviceName: 'node device', storeId: enrolled.storeId, storeName: enrolled.storeName, role: 'counter', token: enrolled.token };
    device = await openDatabase(enrolled.deviceId, 'counter', getRxStorageMemory(), new Uint8Array(32).fill(7));
    engine = new SyncEngine(device, settings, collectionsForRole('counter'), kv);
    // Seeding 10,000 variants into PGlite takes over the default 2 minutes on a loaded shared machine.
  }, 600_000);

  afterAll(async () => {
    await engine?.stop();
    await device?.close();
    await proxy?.close();
    await catalog?.close();
    await db?.close();
  });

  it('first sync brings every variant and this store’s stock, and nothing of other stores', async () => {
    const started = Date.now();
    engine.start(nodeDesktop({ deviceSecret: 'A'.repeat(43) }));
    await until(async () => (await device.collections.variants?.count().exec()) === VARIANTS && (await device.collections.inventory?.count().exec()) === VARIANTS, 120_000, 'first sync');
    const seconds = (Date.now() - started) / 1000;
    console.log(`first sync of ${VARIANTS} variants + stock into RxDB memory storage: ${seconds.toFixed(1)} s`);
    const inventory = await device.collections.inventory?.find().exec();
    expect(new Set(inventory?.map((d) => d.storeId))).toEqual(new Set(['store-001']));
    const staff = await device.collections.staff?.find().exec();
    expect(staff?.length).toBeGreaterThan(0);
    expect(staff?.every((s) => s.storeId === 'store-001')).toBe(true);
    await until(async () => engine.state$.value.progress.variants?.done === true || engine.state$.value.syncedOnce.variants === true, 10_000, 'sync state to record completion');
  });

  it('a price change on the server reaches the device live', async () => {
    const row = (await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 1 OFFSET 123`)).rows[0];
    if (!row) throw new Error('no variant');
    const v = row.data;
    const newPrice = { amount: v.price.amount + 500, currency: v.price.currency };
    const started = Date.now();
    await db.transaction((tx) => writeDocs(tx, 'variants', [{ id: v.id, scope: '', data: { ...v, price: newPrice, updatedAt: new Date().toISOString() } }], 'test'));
    await until(async () => (await device.collections.variants?.findOne(v.id).exec())?.price.amount === newPrice.amount, 10_000, 'new price on the device');
    console.log(`price change → device: ${Date.now() - started} ms`);
  });

  it('back after being stopped, the device catches up over several live pages (written in slices) from its checkpoint', async () => {
    await engine.stop();
    // While the app was closed: 2,500 prices changed (three live pages of LIVE_PAGE = 1,000).
    const rows = (await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 2500`)).rows.map((r) => r.data);
    const marker = '2027-03-01T00:00:00.000Z';
    const changed = rows.map((v) => ({ ...v, price: { amount: v.price.amount + 7, currency: v.price.currency }, updatedAt: marker }));
    await db.transaction((tx) => writeDocs(tx, 'variants', changed.map((d) => ({ id: d.id, scope: '', data: { ...d } })), 'test'));
    // The same key-value store: the engine knows every collection has synced once, so the live path is taken.
    engine = new SyncEngine(device, settings, collectionsForRole('counter'), kv);
    engine.start(nodeDesktop({ deviceSecret: 'A'.repeat(43) }));
    await until(async () => {
      const docs = await device.collections.variants?.findByIds(changed.map((v) => v.id)).exec();
      return changed.every((v) => docs?.get(v.id)?.updatedAt === marker) ? docs : undefined;
    }, 60_000, 'the catch-up');
    const docs = await device.collections.variants?.findByIds(changed.map((v) => v.id)).exec();
    expect(changed.filter((v) => docs?.get(v.id)?.price.amount !== v.price.amount)).toEqual([]);
    expect(await device.collections.variants?.count().exec()).toBe(VARIANTS);
    // Only what changed was pulled (from the stored checkpoint, not from revision 0), in pages of at most 1,000.
    await until(async () => engine.state$.value.caughtUp.variants === true || undefined, 10_000, 'variants caught up');
    expect(engine.pullMetrics.documents).toBe(2500);
    expect(engine.pullMetrics.requests).toBeGreaterThanOrEqual(3 + collectionsForRole('counter').length - 1);
    // The checkpoint RxDB resumes from is past the catch-up: a restart pulls nothing again.
    await engine.stop();
    engine = new SyncEngine(device, settings, collectionsForRole('counter'), kv);
    engine.start(nodeDesktop({ deviceSecret: 'A'.repeat(43) }));
    await until(async () => (engine.pullMetrics.requests >= collectionsForRole('counter').length ? true : undefined), 30_000, 'the pulls after a restart');
    expect(engine.pullMetrics.documents).toBe(0);
  });

  it('a device write reaches the server, and a push whose answer was lost is applied once', async () => {
    const notes = device.collections.notes;
    if (!notes) throw new Error('no notes collection');
    // Signed in online with the sign-in form's code path: the note carries the staff session's proof.
    const signedIn = await signInStaff({ db: device, sync: engine, settings, desktop: nodeDesktop({ deviceSecret: 'A'.repeat(43) }), pins: new StaffPinStore(memoryKeyValue(), settings.deviceId) }, '1002', DEMO_ASSOCIATE_PIN);
    expect(signedIn).toMatchObject({ ok: true, staff: { id: 'staff_1002', online: true } });
    const now = new Date().toISOString();
    const doc: NoteDoc = stampAttribution({ id: `note_${Date.now()}`, storeId: 'store-001', productId: 'p', variantId: '', text: 'shelf label missing', staffId: 'staff_1002', deviceId: settings.deviceId, createdAt: now, updatedAt: now });
    expect(doc.auth?.session).toMatch(/^sess_/);
    proxy.dropNextPushResponse();
    await notes.insert(doc);
    const stored = await until(
      async () => (await db.query<{ rev: string; data: NoteDoc }>(`SELECT rev::text, data FROM docs WHERE collection = 'notes' AND id = $1`, [doc.id])).rows[0],
      20_000,
      'the note on the server',
    );
    expect(stored.data.text).toBe('shelf label missing');
    // The server checked the proof and kept it (an unproven note would be marked signedInOffline instead).
    expect(stored.data.auth?.session).toBe(doc.auth?.session);
    expect(stored.data.signedInOffline).toBeUndefined();
    // RxDB retries the push whose answer never came; the server sees the same state again and changes nothing.
    await until(async () => proxy.droppedPushes === 1 && engine.state$.value.pendingPushes === 0, 30_000, 'the retried push to be answered');
    const after = (await db.query<{ rev: string }>(`SELECT rev::text FROM docs WHERE collection = 'notes' AND id = $1`, [doc.id])).rows[0];
    expect(after?.rev).toBe(stored.rev);
    const count = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docs WHERE collection = 'notes'`)).rows[0]?.n;
    expect(count).toBe(1);
  });
});
