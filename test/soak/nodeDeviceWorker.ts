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
import { addNote, signInStaff, type SignInResult, type SignInSession } from '../../renderer/data/session';
import { StaffPinStore } from '../../renderer/data/pin';
import { dropStaffSession } from '../../renderer/data/staffSession';
import { runPickupCommand } from '../../renderer/data/pickups';
import { startCheckin, type StartedCheckin } from '../../renderer/data/checkins';
import type { DeviceSettings } from '../../shared/ipc';
import type { CollectionName, NoteDoc } from '../../shared/schemas/collections';
import type { CommandResult, PickupCommand } from '../../shared/pickup/types';
import { recordCustomerEvent } from '../../renderer/data/customerEvents';
import { assessDraft, recordReturn, returnedBefore, type FoundOrder, type ReturnDraft } from '../../renderer/data/returns';
import type { AisleSession } from '../../renderer/data/session';
import type { CustomerEventDoc } from '../../shared/customers/types';
import type { CustomerEventInput, ReturnInput, ReturnOutcome } from './devices';
import type { NoteInput } from './devices';
import { memoryKeyValue, nodeDesktop } from '../support/desktop';

/** Counters seal personal data at rest under a key from the device secret (renderer/data/sealedStorage.ts). */
const SOAK_DEVICE_SECRET = new Uint8Array(32).fill(9);

const desktop = nodeDesktop({ version: 'soak', deviceSecret: 'S'.repeat(43) });

class LocalDevice {
  private readonly storage = getRxStorageMemory();
  /** localStorage of this device: replication checkpoints, and the PIN verifiers learned at online sign-ins. */
  private readonly kv = memoryKeyValue();
  private readonly pins: StaffPinStore;
  private readonly signedIn = new Set<string>();
  private session: (SignInSession & { db: AisleDatabase; sync: SyncEngine }) | null = null;

  constructor(private readonly settings: DeviceSettings) {
    this.pins = new StaffPinStore(this.kv, settings.deviceId);
  }

  async open(): Promise<void> {
    if (this.session) return;
    const db = await openDatabase(this.settings.deviceId, this.settings.role, this.storage, SOAK_DEVICE_SECRET);
    const sync = new SyncEngine(db, this.settings, collectionsForRole(this.settings.role), this.kv);
    sync.start(desktop);
    this.session = { db, sync, settings: this.settings, desktop, pins: this.pins };
  }

  private live(): SignInSession {
    if (!this.session) throw new Error(`${this.settings.deviceName} is closed`);
    return this.session;
  }

  pickup(pickupId: string, command: PickupCommand, staffId: string): Promise<CommandResult> {
    return runPickupCommand(this.live(), pickupId, command, staffId);
  }

  /** The sign-in form's path (online first, else this device's offline verifier); the session it holds stamps what follows. */
  async signIn(identifier: string, pin: string): Promise<SignInResult> {
    const result = await signInStaff(this.live(), identifier, pin);
    if (result.ok) this.signedIn.add(result.staff.id);
    return result;
  }

  /** Staff sessions live in the page's memory: a closed (or crashed) app holds none when it opens again. */
  private forgetSessions(): void {
    for (const id of this.signedIn) dropStaffSession(id);
    this.signedIn.clear();
  }

  note(input: NoteInput): Promise<NoteDoc> {
    return addNote(this.live(), input);
  }

  checkin(code: string): Promise<StartedCheckin> {
    return startCheckin(this.live(), code);
  }

  /**
   * A return at the counter as the returns screen makes it (renderer/data/returns): the sale as a verified receipt
   * gives it, the lines and units the customer brings back, the policy and the tender plan of shared/returns over
   * what this device knows was returned before, recorded to the local `returns` collection (replication pushes it).
   */
  async returnUnits(input: ReturnInput): Promise<ReturnOutcome> {
    const session = this.live();
    // As orderFromReceipt gives a signed receipt's sale (the soak holds the sale it seeded, not its code).
    const found: FoundOrder = { sale: input.sale, order: null, via: 'receipt', checked: 'signature', code: '', customerId: input.customerId, serverReturned: null };
    const before = await returnedBefore(session as unknown as AisleSession, input.sale.orderId);
    const draft: ReturnDraft = {
      start: { kind: 'order', found },
      lines: input.sale.lines.map((l) => ({ key: l.id, orderLineId: l.id, variantId: l.variantId, productId: input.productOf[l.variantId] ?? '', sku: l.sku, title: l.sku, category: '', quantity: input.lines.find((x) => x.orderLineId === l.id)?.quantity ?? 0, reason: 'UNWANTED', note: '', condition: 'new', disposition: 'restock' })),
    };
    const assessment = assessDraft(draft, { online: input.online, now: new Date().toISOString(), settings: null, returnedBefore: before, approval: null, choice: 'gift-card', offlineCashGiven: 0 });
    if (assessment.needsManager.length > 0 || assessment.refused.length > 0 || !assessment.plan.ok) return { ok: false, why: assessment.plan.ok ? [...assessment.needsManager, ...assessment.refused].map((k) => assessment.lines[k]?.verdict.verdict ?? k).join(', ') : assessment.plan.why };
    const recorded = await recordReturn(session, draft, assessment, input.staffId, null, input.online);
    return { ok: true, id: recorded.doc.id };
  }

  customerEvent(input: CustomerEventInput): Promise<CustomerEventDoc> {
    return recordCustomerEvent(this.live() as unknown as AisleSession, input);
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
    this.forgetSessions();
    // No waiting for the replication to settle: cancel it and close the database with whatever is in flight.
    void s.sync.stop().catch(() => undefined);
    await s.db.close();
  }

  async close(): Promise<void> {
    const s = this.session;
    if (!s) return;
    this.session = null;
    this.forgetSessions();
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
      case 'signIn':
        return device.signIn(m.args[0] as string, m.args[1] as string);
      case 'note':
        return device.note(m.args[0] as NoteInput);
      case 'checkin':
        return device.checkin(m.args[0] as string);
      case 'returnUnits':
        return device.returnUnits(m.args[0] as ReturnInput);
      case 'customerEvent':
        return device.customerEvent(m.args[0] as CustomerEventInput);
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
