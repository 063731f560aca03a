/**
 * One Node device of the soak, in its own worker thread (devices.ts says why): the app's own database and
 * replication (renderer/data: openDatabase, SyncEngine) on RxDB's memory storage, and the write paths the
 * screens call (runPickupCommand, addNote, startCheckin). The storage object lives as long as the worker, so
 * a device closed mid-write and opened again finds what it had committed, as a disk would keep it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase, collectionsForRole, type AisleDatabase } from '../../renderer/data/database';
import { SyncEngine } from '../../renderer/data/replication';
import { addNote, type WriteSession } from '../../renderer/data/session';
import { runPickupCommand } from '../../renderer/data/pickups';
import { startCheckin, type StartedCheckin } from '../../renderer/data/checkins';
import type { DesktopApi, DeviceSettings } from '../../shared/ipc';
import type { CollectionName, NoteDoc } from '../../shared/schemas/collections';
import type { CommandResult, PickupCommand } from '../../shared/pickup/types';
import type { NoteInput } from './devices';

/** Counters seal personal data at rest under a key from the device secret (renderer/data/sealedStorage.ts). */
const SOAK_DEVICE_SECRET = new Uint8Array(32).fill(9);

function nodeDesktop(): DesktopApi {
  return {
    getAppInfo: async () => ({ version: 'soak', host: 'browser', platform: 'node' }),
    getDeviceSettings: async () => null,
    saveDeviceSettings: async () => undefined,
    clearDeviceSettings: async () => undefined,
    printHtml: async () => undefined,
    listPrinters: async () => [],
    getPrintSettings: async () => ({ printerName: null, paper: '80mm', silent: false }),
    savePrintSettings: async () => undefined,
    deviceSecret: async () => 'S'.repeat(43),
    reportActivity: async () => undefined,
    onDidChangeOnline: () => () => undefined,
  };
}

class LocalDevice {
  private readonly storage = getRxStorageMemory();
  private readonly kv = new Map<string, string>();
  private session: (WriteSession & { db: AisleDatabase; sync: SyncEngine }) | null = null;

  constructor(private readonly settings: DeviceSettings) {}

  async open(): Promise<void> {
    if (this.session) return;
    const db = await openDatabase(this.settings.deviceId, this.settings.role, this.storage, SOAK_DEVICE_SECRET);
    const sync = new SyncEngine(db, this.settings, collectionsForRole(this.settings.role), { getItem: (k) => this.kv.get(k) ?? null, setItem: (k, v) => void this.kv.set(k, v) });
    sync.start(nodeDesktop());
    this.session = { db, sync, settings: this.settings };
  }

  private live(): WriteSession {
    if (!this.session) throw new Error(`${this.settings.deviceName} is closed`);
    return this.session;
  }

  pickup(pickupId: string, command: PickupCommand, staffId: string): Promise<CommandResult> {
    return runPickupCommand(this.live(), pickupId, command, staffId);
  }

  note(input: NoteInput): Promise<NoteDoc> {
    return addNote(this.live(), input);
  }

  checkin(code: string): Promise<StartedCheckin> {
    return startCheckin(this.live(), code);
  }

  async docs(collection: CollectionName): Promise<unknown[]> {
    const c = this.session?.db.collections[collection];
    if (!c) return [];
    const found: { toMutableJSON(): unknown }[] = await c.find().exec();
    return found.map((d) => d.toMutableJSON());
  }

  async crash(): Promise<void> {
    const s = this.session;
    if (!s) return;
    this.session = null;
    // No waiting for the replication to settle: cancel it and close the database with whatever is in flight.
    void s.sync.stop().catch(() => undefined);
    await s.db.close();
  }

  async close(): Promise<void> {
    const s = this.session;
    if (!s) return;
    this.session = null;
    await s.sync.stop();
    await s.db.close();
  }
}


const settings = (workerData as { settings: DeviceSettings }).settings;
const device = new LocalDevice(settings);
const port = parentPort;
if (!port) throw new Error('nodeDeviceWorker runs as a worker thread');
port.on('message', (m: { call: number; method: string; args: unknown[] }) => {
  const run = async (): Promise<unknown> => {
    switch (m.method) {
      case 'open':
        return device.open();
      case 'pickup':
        return device.pickup(m.args[0] as string, m.args[1] as PickupCommand, m.args[2] as string);
      case 'note':
        return device.note(m.args[0] as NoteInput);
      case 'checkin':
        return device.checkin(m.args[0] as string);
      case 'docs':
        return device.docs(m.args[0] as CollectionName);
      case 'crash':
        return device.crash();
      case 'close':
        return device.close();
      default:
        throw new Error(`unknown call ${m.method}`);
    }
  };
  run().then(
    (value) => port.postMessage({ call: m.call, ok: true, value }),
    (err: unknown) => port.postMessage({ call: m.call, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
