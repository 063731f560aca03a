/**
 * Auto-update from the store's own catalog server (server/updates/feed.ts serves GET /updates/<platform>/), so a
 * store network needs no other host. This module is the policy; electron-updater does the work behind the small
 * UpdaterLike interface, and index.ts wires the real one in a few lines.
 *
 * What must stay true:
 *  - Checks run at start (after a short delay, so start-up and the first sync come first) and then periodically;
 *    a release is downloaded in the background and never interrupts anyone.
 *  - A downloaded release is installed (quit, install, relaunch) only when the device is idle: the app says no
 *    screen with work in progress is open (a pick list, a return, a customer's profile; on a kiosk, anything but
 *    the start screen — a customer mid-session) AND nobody has touched the machine for `idleMinutes`. Until the
 *    app has said anything, it counts as busy. A kiosk is never restarted under a customer.
 *  - Otherwise it installs when the app quits normally (electron-updater's autoInstallOnAppQuit).
 *  - Failures (server unreachable, no feed, bad file) are logged and retried at the next check; they never reach
 *    the associate.
 *
 * Security checklist: updates are artefacts of our own build, fetched from the enrolled server; electron-updater
 * verifies each download against the sha512 in latest.yml and, on Windows and macOS, the code signature.
 */
import type { DeviceActivity } from '../../shared/ipc';
import type { DeviceRole } from '../../shared/sync';
import type { Logger } from './log';
import { fireAndForget } from './log';

/** The parts of electron-updater's autoUpdater the policy uses. */
export interface UpdaterLike {
  setFeedUrl(url: string): void;
  /** Checks the feed and, when there is a newer release, downloads it in the background. */
  checkForUpdates(): Promise<unknown>;
  /** Quits, installs silently and starts the app again. */
  quitAndInstall(): void;
  onDownloaded(listener: (version: string) => void): void;
  onError(listener: (error: unknown) => void): void;
}

export interface UpdateClock {
  /** Runs `fn` every `ms` ms; returns the function that stops it. */
  every(ms: number, fn: () => void): () => void;
  /** Runs `fn` once after `ms` ms; returns the function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: UpdateClock = {
  every: (ms, fn) => {
    const timer = setInterval(fn, ms);
    return () => clearInterval(timer);
  },
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export interface UpdateOptions {
  /** Delay of the first check after start. */
  readonly firstCheckAfterMs: number;
  readonly checkEveryMs: number;
  /** How often a downloaded release asks whether it may install. */
  readonly installCheckEveryMs: number;
  /** Minutes without keyboard, mouse or touch input before a counter may restart for an update. */
  readonly idleMinutes: number;
  /** The same for a kiosk (customers pause longer between touches). */
  readonly kioskIdleMinutes: number;
}

export const DEFAULT_UPDATE_OPTIONS: UpdateOptions = {
  firstCheckAfterMs: 60_000,
  checkEveryMs: 60 * 60_000,
  installCheckEveryMs: 60_000,
  idleMinutes: 10,
  kioskIdleMinutes: 20,
};

export interface UpdatePolicyDeps {
  readonly updater: UpdaterLike;
  readonly clock: UpdateClock;
  /** Seconds since the last input on this machine (Electron: powerMonitor.getSystemIdleTime()). */
  readonly idleSeconds: () => number;
  readonly role: () => DeviceRole | undefined;
  /** The enrolled catalog server; undefined before enrollment (nothing to update from). */
  readonly serverUrl: () => string | undefined;
  /** What the app last reported (DesktopApi.reportActivity); null until it has. */
  readonly activity: () => DeviceActivity | null;
  /** process.platform */
  readonly platform: string;
  readonly log: Logger;
  readonly options?: Partial<UpdateOptions>;
}

/** The feed folder the catalog server serves for this platform (electron-builder's ${os}: linux, mac, win). */
export function feedPlatform(platform: string): 'linux' | 'mac' | 'win' {
  if (platform === 'win32') return 'win';
  if (platform === 'darwin') return 'mac';
  return 'linux';
}

export function feedUrlFor(serverUrl: string, platform: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/updates/${feedPlatform(platform)}`;
}

export type InstallDecision = { readonly install: true } | { readonly install: false; readonly reason: string };

/** Whether a downloaded release may be installed now. Pure: every input is given. */
export function installDecision(input: { role: DeviceRole | undefined; activity: DeviceActivity | null; idleSeconds: number }, options: UpdateOptions = DEFAULT_UPDATE_OPTIONS): InstallDecision {
  const { role, activity, idleSeconds } = input;
  if (activity === null) return { install: false, reason: 'the app has not reported what is on screen yet' };
  if (activity.busy) return { install: false, reason: role === 'kiosk' ? `a customer is using the kiosk (${activity.screen})` : `work in progress on screen (${activity.screen})` };
  const minutes = role === 'kiosk' ? options.kioskIdleMinutes : options.idleMinutes;
  if (!Number.isFinite(idleSeconds) || idleSeconds < minutes * 60) return { install: false, reason: `last input ${Math.round(idleSeconds)} s ago; waiting for ${minutes} min without input` };
  return { install: true };
}

export interface UpdateController {
  /** Checks the feed now (also what the timers do). */
  check(): Promise<void>;
  /** The version downloaded and waiting to be installed, if any. */
  downloaded(): string | null;
  stop(): void;
}

export function startUpdates(deps: UpdatePolicyDeps): UpdateController {
  const options: UpdateOptions = { ...DEFAULT_UPDATE_OPTIONS, ...deps.options };
  const { updater, clock, log } = deps;
  let feed: string | null = null;
  let checking = false;
  let ready: string | null = null;
  let lastRefusal = '';
  let stopInstallChecks: (() => void) | null = null;
  let stopped = false;

  const check = async (): Promise<void> => {
    if (stopped || checking || ready !== null) return;
    const server = deps.serverUrl();
    if (server === undefined) return;
    const url = feedUrlFor(server, deps.platform);
    if (url !== feed) {
      updater.setFeedUrl(url);
      feed = url;
    }
    checking = true;
    try {
      await updater.checkForUpdates();
    } catch (error) {
      log.warn(`update check at ${url} failed; trying again later`, error);
    } finally {
      checking = false;
    }
  };

  const tryInstall = (): void => {
    if (stopped || ready === null) return;
    const decision = installDecision({ role: deps.role(), activity: deps.activity(), idleSeconds: deps.idleSeconds() }, options);
    if (!decision.install) {
      // Said once per reason, not every minute.
      if (decision.reason !== lastRefusal) log.info(`update ${ready} waits: ${decision.reason}`);
      lastRefusal = decision.reason;
      return;
    }
    log.info(`installing update ${ready} (device idle)`);
    stop();
    updater.quitAndInstall();
  };

  updater.onDownloaded((version) => {
    if (stopped) return;
    log.info(`update ${version} downloaded; it installs when the device is idle or at the next quit`);
    ready = version;
    stopInstallChecks ??= clock.every(options.installCheckEveryMs, tryInstall);
    tryInstall();
  });
  updater.onError((error) => log.warn('update failed; trying again later', error));

  const run = (): void => fireAndForget(check(), log, 'update check');
  const cancelFirst = clock.after(options.firstCheckAfterMs, run);
  const stopChecks = clock.every(options.checkEveryMs, run);

  function stop(): void {
    stopped = true;
    cancelFirst();
    stopChecks();
    stopInstallChecks?.();
  }

  return { check, downloaded: () => ready, stop };
}
