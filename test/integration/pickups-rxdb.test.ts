/**
 * Offline devices with real RxDB (memory storage) and RxDB's replication engine against a real server, on PGlite
 * and PostgreSQL: the pickups schema is accepted by RxDB, two counters change the same pickup while offline, and
 * when they sync the server's merge and the devices' conflict handler (shared/pickup/conflict.ts) leave every
 * device and the server with the same document, with stock counted once.
 */
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { MIGRATIONS } from '../../shared/schemas/migrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { deviceHeaders, enroll } from '../support/catalog';
import { buildServer, type CatalogServer } from '../../server/app';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { writeDocs } from '../../server/sync/revisions';
import { API_PREFIX, type Checkpoint, type EnrollResponse, type PullResponse } from '../../shared/sync';
import { canonicalJson } from '../../shared/canonical';
import type { InventoryDoc, PickupDoc, VariantDoc } from '../../shared/schemas/collections';
import { pickupSchema } from '../../shared/pickup/schema';
import { pickupConflictHandler } from '../../shared/pickup/conflict';
import { applyCommand } from '../../shared/pickup/lifecycle';
import type { PickupCommand } from '../../shared/pickup/types';

const KEY = 'rxdb-test-web-key-0123456789';

function isPickupJson(v: unknown): v is PickupDoc {
  return typeof v === 'object' && v !== null && 'id' in v && 'events' in v && Array.isArray(v.events) && 'lines' in v && Array.isArray(v.lines);
}

interface Device {
  db: RxDatabase<{ pickups: RxCollection<PickupDoc> }>;
  pickups: RxCollection<PickupDoc>;
  sync(): Promise<void>;
  act(id: string, commands: PickupCommand[]): Promise<void>;
  get(id: string): Promise<PickupDoc>;
}

// The pickups schema has versions (shared/schemas/migrations.ts), so RxDB needs its migration plugin, as in the app.
addRxPlugin(RxDBMigrationSchemaPlugin);

const engines: Engine[] = ['pglite', 'postgres'];

describe.each(engines)('pickups in RxDB on two offline counters, %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let server: CatalogServer;
  let baseUrl: string;
  let storeId: string;
  const devices: Device[] = [];

  async function openDevice(enrolled: EnrollResponse): Promise<Device> {
    const rx = await createRxDatabase<{ pickups: RxCollection<PickupDoc> }>({ name: `pu${randomBytes(6).toString('hex')}`, storage: getRxStorageMemory(), multiInstance: false });
    const cols = await rx.addCollections({ pickups: { schema: structuredClone(pickupSchema), migrationStrategies: { ...MIGRATIONS.pickups }, conflictHandler: pickupConflictHandler } });
    const pickups = cols.pickups;
    let n = 0;
    const device: Device = {
      db: rx,
      pickups,
      async sync() {
        const rep = replicateRxCollection<PickupDoc, Checkpoint>({
          collection: pickups,
          replicationIdentifier: `pickups-${baseUrl}`,
          live: false,
          waitForLeadership: false,
          autoStart: true,
          pull: {
            batchSize: 100,
            handler: async (checkpoint) => {
              const res = await fetch(`${baseUrl}${API_PREFIX}/sync/pickups/pull?rev=${checkpoint?.rev ?? 0}&limit=100`, { headers: deviceHeaders(enrolled.token) });
              const body = (await res.json()) as PullResponse<PickupDoc>;
              return { documents: body.documents, checkpoint: body.checkpoint };
            },
          },
          push: {
            batchSize: 50,
            handler: async (rows) => {
              const res = await fetch(`${baseUrl}${API_PREFIX}/sync/pickups/push`, {
                method: 'POST',
                headers: deviceHeaders(enrolled.token),
                body: JSON.stringify(rows.map((r) => ({ newDocumentState: r.newDocumentState, assumedMasterState: r.assumedMasterState ?? null }))),
              });
              if (res.status !== 200) throw new Error(`push ${res.status}: ${await res.text()}`);
              return (await res.json()) as (PickupDoc & { _deleted: boolean })[];
            },
          },
        });
        const errors: unknown[] = [];
        rep.error$.subscribe((e) => errors.push(e));
        await rep.awaitInitialReplication();
        await rep.awaitInSync();
        await rep.cancel();
        if (errors.length > 0) throw new Error(`replication failed: ${String(errors[0])}`);
      },
      async act(id, commands) {
        let doc = await device.get(id);
        for (const cmd of commands) {
          n++;
          const r = applyCommand(doc, cmd, { staffId: 'staff_1002', deviceId: enrolled.deviceId, at: new Date(Date.now() + n).toISOString(), eventId: `${enrolled.deviceId}:${n}` });
          if (!r.ok) throw new Error(r.refusal.reason);
          doc = { ...r.doc, events: r.doc.events.map((e) => (e.id === r.event.id ? { ...e, signedInOffline: true } : e)) };
        }
        await pickups.upsert(doc);
      },
      async get(id) {
        // RxDB's document types resolve to any under the type-aware linter: go through plain JSON and a guard.
        const found: unknown = await pickups.findOne(id).exec();
        const json: unknown = found === null ? null : JSON.parse(JSON.stringify(found));
        if (!isPickupJson(json)) throw new Error(`no pickup ${id} on the device`);
        return json;
      },
    };
    devices.push(device);
    return device;
  }

  async function stock(variantId: string): Promise<{ onHand: number; reserved: number }> {
    const res = await db.query<{ data: InventoryDoc }>(`SELECT data FROM docs WHERE collection = 'inventory' AND id = $1`, [`${storeId}:${variantId}`]);
    return { onHand: res.rows[0]?.data.onHand ?? NaN, reserved: res.rows[0]?.data.reserved ?? NaN };
  }

  beforeAll(async () => {
    if (skip) return;
    db = (await openTestDb(engine)).db;
    await seedDemo(db, { seed: 5, variants: 20, stores: 1 });
    server = await buildServer({ db, pickups: { channelKeys: `web:${KEY}`, jobs: false } });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    storeId = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' LIMIT 1`)).rows[0]?.id ?? '';
  });

  afterAll(async () => {
    for (const d of devices) await d.db.close();
    await server?.close();
    await db?.close();
  });

  it.skipIf(skip)('two counters pick the same order offline; after syncing, devices and server agree and stock is counted once', async () => {
    const variants = (await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 2`)).rows.map((r) => r.data);
    const [shirt, mug] = variants;
    if (!shirt || !mug) throw new Error('no variants');
    for (const v of [shirt, mug]) {
      const inv: InventoryDoc = { id: `${storeId}:${v.id}`, storeId, variantId: v.id, onHand: 4, reserved: 0, available: 4, updatedAt: new Date().toISOString() };
      await db.transaction((tx) => writeDocs(tx, 'inventory', [{ id: inv.id, scope: storeId, data: { ...inv } }], 'test'));
    }
    const orderRes = await fetch(`${baseUrl}${API_PREFIX}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-aisle-channel-key': KEY },
      body: JSON.stringify({
        channel: 'web',
        customer: { id: 'c', firstName: 'Ada', lastName: 'L', email: 'ada@example.com', phone: '' },
        pickupStoreId: storeId,
        lines: [
          { sku: shirt.sku, quantity: 3, unitPrice: { amount: 1000, currency: 'USD' } },
          { sku: mug.sku, quantity: 1, unitPrice: { amount: 500, currency: 'USD' } },
        ],
      }),
    });
    expect(orderRes.status).toBe(201);
    const { orderId } = (await orderRes.json()) as { orderId: string };

    const a = await openDevice(await enroll(baseUrl, db, storeId, 'counter'));
    const b = await openDevice(await enroll(baseUrl, db, storeId, 'counter'));
    await a.sync();
    await b.sync();
    expect((await a.get(orderId)).status).toBe('placed');

    // Offline: A picks two shirts; B picks one shirt and finds the mug shelf empty.
    await a.act(orderId, [{ type: 'pick', lineId: 'l1', quantity: 2 }]);
    await b.act(orderId, [{ type: 'pick', lineId: 'l1', quantity: 1 }, { type: 'reject', lineId: 'l2', quantity: 1, reason: 'NOT_IN_STOCK' }]);

    // Back online, in any order; B's push conflicts and is merged on both sides.
    await b.sync();
    await a.sync();
    await b.sync();
    const master = (await db.query<{ data: PickupDoc }>(`SELECT data FROM docs WHERE collection = 'pickups' AND id = $1`, [orderId])).rows[0]?.data;
    if (!master) throw new Error('no master');
    const onA = await a.get(orderId);
    const onB = await b.get(orderId);
    expect(canonicalJson(onA)).toBe(canonicalJson(master));
    expect(canonicalJson(onB)).toBe(canonicalJson(master));
    expect(master.events.filter((e) => e.type === 'line-picked')).toHaveLength(2);

    // Every unit is resolved, so either device can now stage it.
    await a.act(orderId, [{ type: 'stage', location: 'B4' }]);
    await a.sync();
    await b.sync();
    expect((await b.get(orderId)).status).toBe('ready');
    expect(await stock(shirt.id)).toEqual({ onHand: 4, reserved: 3 });
    expect(await stock(mug.id)).toEqual({ onHand: 3, reserved: 0 });
  });
});
