/**
 * The soak's device replicas. Each is a real device stack talking to the catalog through its own FaultProxy:
 *
 * - NodeDevice: the app's own database and replication (renderer/data: openDatabase, SyncEngine, and the write
 *   paths the screens call — runPickupCommand, addNote, startCheckin) on RxDB's memory storage in Node. Its
 *   storage object outlives close(), so a device closed mid-write and opened again finds what it had committed.
 * - BrowserDevice: the built app in a Chromium page (Dexie/IndexedDB), enrolled through its enroll screen and
 *   driven through window.__aisle (the same write paths). Closing it mid-write closes the page; reopening loads
 *   the app again in the same browser context (same IndexedDB and localStorage), as a relaunch would.
 *
 * A write is "acknowledged" when the call resolved: the device committed it to its local database and the
 * screen would have told the associate it was done.
 */
import { Worker } from 'node:worker_threads';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { StartedCheckin } from '../../renderer/data/checkins';
import type { SignInResult } from '../../renderer/data/session';
import type { DeviceSettings } from '../../shared/ipc';
import type { DeviceRole, EnrollResponse } from '../../shared/sync';
import type { CollectionName, NoteDoc } from '../../shared/schemas/collections';
import type { CommandResult, PickupCommand } from '../../shared/pickup/types';
import type { FaultProxy } from './proxy';
import type { ReturnableSale } from '../../shared/returns/types';
import type { CustomerEventDoc } from '../../shared/customers/types';

export interface NoteInput {
  productId: string;
  variantId: string;
  text: string;
  staffId: string;
}

/** Units of a sale's lines brought back to a counter (the sale as its verified receipt gives it). */
export interface ReturnInput {
  sale: ReturnableSale;
  customerId: string;
  lines: { orderLineId: string; quantity: number }[];
  /** variant id → product id (the screen knows it from the catalog). */
  productOf: Record<string, string>;
  staffId: string;
  /** Whether the counter believes it reaches the server (offline: no card refunds, gift cards pending). */
  online: boolean;
}

export type ReturnOutcome = { ok: true; id: string } | { ok: false; why: string };

export interface CustomerEventInput {
  customerId: string;
  kind: 'viewed' | 'note';
  staffId: string;
  source?: 'search' | 'order';
  text?: string;
}

export interface SoakDevice {
  readonly name: string;
  readonly role: DeviceRole;
  readonly deviceId: string;
  readonly proxy: FaultProxy;
  readonly kind: 'node' | 'chromium';
  open(): Promise<void>;
  pickup(pickupId: string, command: PickupCommand, staffId: string): Promise<CommandResult>;
  /** Signs a staff member in (counters), as the sign-in form does: what they record afterwards carries their session's proof. */
  signIn(staffNumber: string, pin: string): Promise<SignInResult>;
  note(input: NoteInput): Promise<NoteDoc>;
  checkin(code: string): Promise<StartedCheckin>;
  /** Node counters only (the Chromium page's test hook has no returns or customer events): null when not supported. */
  returnUnits(input: ReturnInput): Promise<ReturnOutcome> | null;
  customerEvent(input: CustomerEventInput): Promise<CustomerEventDoc> | null;
  docs(collection: CollectionName): Promise<unknown[]>;
  /** Closes the device without waiting for anything in flight (replication, the write just started). */
  crash(): Promise<void>;
  close(): Promise<void>;
  readonly isOpen: boolean;
}

/**
 * RxDB's open-source build allows 16 open collections per JavaScript realm, and a counter opens 8: each Node
 * device runs in its own worker thread (nodeDeviceWorker.ts), as each real device runs on its own machine.
 */
const CALL_TIMEOUT_MS = 90_000;

export class NodeDevice implements SoakDevice {
  readonly kind = 'node';
  readonly deviceId: string;
  readonly role: DeviceRole;
  private readonly worker: Worker;
  private readonly calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextCall = 0;
  private open_ = false;

  constructor(
    readonly name: string,
    enrolled: EnrollResponse,
    readonly proxy: FaultProxy,
  ) {
    this.deviceId = enrolled.deviceId;
    this.role = enrolled.role;
    const settings: DeviceSettings = { serverUrl: proxy.url, deviceId: enrolled.deviceId, deviceName: name, storeId: enrolled.storeId, storeName: enrolled.storeName, role: enrolled.role, token: enrolled.token };
    this.worker = new Worker(new URL('./workerBootstrap.mjs', import.meta.url), { workerData: { entry: new URL('./nodeDeviceWorker.ts', import.meta.url).href, settings } });
    this.worker.on('message', (m: { call: number; ok: boolean; value?: unknown; error?: string }) => {
      const pending = this.calls.get(m.call);
      if (!pending) return;
      this.calls.delete(m.call);
      if (m.ok) pending.resolve(m.value);
      else pending.reject(new Error(m.error ?? 'worker call failed'));
    });
    this.worker.on('error', (err) => {
      for (const p of this.calls.values()) p.reject(err);
      this.calls.clear();
    });
  }

  /** Every call is answered or fails within CALL_TIMEOUT_MS: a stuck device must not hang the soak silently. */
  private call<T>(method: string, ...args: unknown[]): Promise<T> {
    const call = this.nextCall++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.calls.delete(call);
        reject(new Error(`${this.name}: ${method} did not answer within ${CALL_TIMEOUT_MS / 1000} s`));
      }, CALL_TIMEOUT_MS);
      this.calls.set(call, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.worker.postMessage({ call, method, args });
    });
  }

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    await this.call('open');
    this.open_ = true;
  }

  pickup(pickupId: string, command: PickupCommand, staffId: string): Promise<CommandResult> {
    return this.call('pickup', pickupId, command, staffId);
  }

  signIn(staffNumber: string, pin: string): Promise<SignInResult> {
    return this.call('signIn', staffNumber, pin);
  }

  note(input: NoteInput): Promise<NoteDoc> {
    return this.call('note', input);
  }

  checkin(code: string): Promise<StartedCheckin> {
    return this.call('checkin', code);
  }

  returnUnits(input: ReturnInput): Promise<ReturnOutcome> | null {
    return this.role === 'counter' ? this.call('returnUnits', input) : null;
  }

  customerEvent(input: CustomerEventInput): Promise<CustomerEventDoc> | null {
    return this.role === 'counter' ? this.call('customerEvent', input) : null;
  }

  docs(collection: CollectionName): Promise<unknown[]> {
    return this.call('docs', collection);
  }

  async crash(): Promise<void> {
    this.open_ = false;
    await this.call('crash');
  }

  async close(): Promise<void> {
    this.open_ = false;
    await this.call('close');
  }

  async dispose(): Promise<void> {
    await this.close().catch(() => undefined);
    await this.worker.terminate();
  }
}

export class BrowserDevice implements SoakDevice {
  readonly kind = 'chromium';
  private page: Page | null = null;
  private context: BrowserContext | null = null;
  deviceId = '';
  readonly role: DeviceRole = 'counter';

  constructor(
    readonly name: string,
    private readonly browser: Browser,
    private readonly rendererUrl: string,
    private readonly enrollmentCode: string,
    readonly proxy: FaultProxy,
  ) {}

  get isOpen(): boolean {
    return this.page !== null;
  }

  async open(): Promise<void> {
    if (this.page) return;
    if (!this.context) {
      // First launch: enroll through the app's own screen.
      this.context = await this.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await this.context.newPage();
      await page.goto(this.rendererUrl);
      await page.getByTestId('enroll-server-url').fill(this.proxy.url);
      await page.getByTestId('enroll-code').fill(this.enrollmentCode);
      await page.getByTestId('enroll-submit').click();
      await page.waitForFunction(() => window.__aisle !== undefined, undefined, { timeout: 90_000 });
      this.deviceId = await page.evaluate(() => {
        const raw = window.localStorage.getItem('aisle.deviceSettings');
        const parsed: unknown = raw ? JSON.parse(raw) : null;
        return typeof parsed === 'object' && parsed !== null && 'deviceId' in parsed && typeof parsed.deviceId === 'string' ? parsed.deviceId : '';
      });
      this.page = page;
      return;
    }
    const page = await this.context.newPage();
    await page.goto(this.rendererUrl);
    await page.waitForFunction(() => window.__aisle !== undefined, undefined, { timeout: 90_000 });
    this.page = page;
  }

  private live(): Page {
    if (!this.page) throw new Error(`${this.name} is closed`);
    return this.page;
  }

  async pickup(pickupId: string, command: PickupCommand, staffId: string): Promise<CommandResult> {
    return this.live().evaluate(([id, c, s]) => window.__aisle!.pickup(id, c, s), [pickupId, command, staffId] as const);
  }

  async signIn(staffNumber: string, pin: string): Promise<SignInResult> {
    return this.live().evaluate(([n, p]) => window.__aisle!.signIn(n, p), [staffNumber, pin] as const);
  }

  async note(input: NoteInput): Promise<NoteDoc> {
    return this.live().evaluate((i) => window.__aisle!.note(i), input);
  }

  checkin(): Promise<StartedCheckin> {
    throw new Error('the Chromium device is a counter');
  }

  returnUnits(): null {
    return null;
  }

  customerEvent(): null {
    return null;
  }

  async docs(collection: CollectionName): Promise<unknown[]> {
    if (!this.page) return [];
    return this.page.evaluate((c) => window.__aisle!.docs(c), collection);
  }

  async crash(): Promise<void> {
    const page = this.page;
    if (!page) return;
    this.page = null;
    await page.close({ runBeforeUnload: false });
  }

  async close(): Promise<void> {
    await this.crash();
  }

  async dispose(): Promise<void> {
    await this.close();
    await this.context?.close();
    this.context = null;
  }
}
