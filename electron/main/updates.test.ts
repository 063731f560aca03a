import { describe, expect, it } from 'vitest';
import type { DeviceActivity } from '../../shared/ipc';
import type { DeviceRole } from '../../shared/sync';
import type { Logger } from './log';
import type { UpdateClock, UpdaterLike } from './updates';
import { DEFAULT_UPDATE_OPTIONS, feedUrlFor, installDecision, startUpdates } from './updates';

/** A clock that runs only when told: advance(ms) fires every timer due, in time order. */
function fakeClock(): UpdateClock & { advance(ms: number): void; now: number } {
  const timers: { at: number; every: number | null; fn: () => void; live: boolean }[] = [];
  const clock = {
    now: 0,
    every(ms: number, fn: () => void) {
      const t = { at: clock.now + ms, every: ms, fn, live: true };
      timers.push(t);
      return () => void (t.live = false);
    },
    after(ms: number, fn: () => void) {
      const t = { at: clock.now + ms, every: null, fn, live: true };
      timers.push(t);
      return () => void (t.live = false);
    },
    advance(ms: number) {
      const end = clock.now + ms;
      for (;;) {
        const due = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        clock.now = due.at;
        if (due.every === null) due.live = false;
        else due.at += due.every;
        due.fn();
      }
      clock.now = end;
    },
  };
  return clock;
}

/** electron-updater's side: records calls; a check "finds" `release` and reports it downloaded. */
function fakeUpdater(release: string | null = '0.2.0'): UpdaterLike & { feeds: string[]; checks: number; installs: number; fail: boolean } {
  let downloaded: ((v: string) => void) | null = null;
  const u = {
    feeds: [] as string[],
    checks: 0,
    installs: 0,
    fail: false,
    setFeedUrl: (url: string) => void u.feeds.push(url),
    checkForUpdates: async () => {
      u.checks++;
      if (u.fail) throw new Error('connect ECONNREFUSED 10.0.0.2:8787');
      if (release !== null) downloaded?.(release);
      return null;
    },
    quitAndInstall: () => void u.installs++,
    onDownloaded: (l: (v: string) => void) => void (downloaded = l),
    onError: () => undefined,
  };
  return u;
}

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

interface World {
  role: DeviceRole | undefined;
  server: string | undefined;
  activity: DeviceActivity | null;
  idle: number;
}

function setup(world: World, updater = fakeUpdater()) {
  const clock = fakeClock();
  const log = recordingLog();
  const controller = startUpdates({ updater, clock, log, platform: 'linux', idleSeconds: () => world.idle, role: () => world.role, serverUrl: () => world.server, activity: () => world.activity });
  return { clock, log, controller, updater };
}

const MIN = 60_000;
const IDLE_SCREEN: DeviceActivity = { busy: false, screen: 'search' };

describe('update feed address', () => {
  it('is the enrolled server’s /updates/<linux|mac|win>, as server/updates/feed.ts serves it', () => {
    expect(feedUrlFor('http://10.0.0.2:8787/', 'linux')).toBe('http://10.0.0.2:8787/updates/linux');
    expect(feedUrlFor('https://catalog.store.example', 'win32')).toBe('https://catalog.store.example/updates/win');
    expect(feedUrlFor('https://catalog.store.example', 'darwin')).toBe('https://catalog.store.example/updates/mac');
  });
});

describe('when an update may install', () => {
  it('never while work is on screen or a kiosk customer is mid-session, however long the machine is idle', () => {
    expect(installDecision({ role: 'counter', activity: { busy: true, screen: 'pickup' }, idleSeconds: 86_400 })).toMatchObject({ install: false, reason: expect.stringContaining('pickup') as unknown });
    expect(installDecision({ role: 'kiosk', activity: { busy: true, screen: 'detail' }, idleSeconds: 86_400 })).toMatchObject({ install: false, reason: expect.stringContaining('customer') as unknown });
  });

  it('never before the app has said what is on screen', () => {
    expect(installDecision({ role: 'counter', activity: null, idleSeconds: 86_400 }).install).toBe(false);
  });

  it('only after the idle time without input: 10 min at a counter, 20 at a kiosk', () => {
    const counter = (s: number) => installDecision({ role: 'counter', activity: IDLE_SCREEN, idleSeconds: s }).install;
    const kiosk = (s: number) => installDecision({ role: 'kiosk', activity: IDLE_SCREEN, idleSeconds: s }).install;
    expect([counter(599), counter(600)]).toEqual([false, true]);
    expect([kiosk(1199), kiosk(1200)]).toEqual([false, true]);
    expect(counter(Number.NaN)).toBe(false);
  });
});

describe('the update policy over time', () => {
  it('checks a minute after start and then hourly, against the enrolled server, downloading in the background', async () => {
    const world: World = { role: 'counter', server: 'http://10.0.0.2:8787', activity: { busy: true, screen: 'pickup' }, idle: 0 };
    const { clock, updater, controller } = setup(world, fakeUpdater(null));
    clock.advance(DEFAULT_UPDATE_OPTIONS.firstCheckAfterMs - 1);
    expect(updater.checks).toBe(0);
    clock.advance(1);
    await flush();
    expect(updater.checks).toBe(1);
    expect(updater.feeds).toEqual(['http://10.0.0.2:8787/updates/linux']);
    clock.advance(60 * MIN);
    await flush();
    expect(updater.checks).toBe(2);
    controller.stop();
  });

  it('does not check before enrollment, and follows the server when the device is enrolled elsewhere', async () => {
    const world: World = { role: undefined, server: undefined, activity: null, idle: 0 };
    const { clock, updater, controller } = setup(world, fakeUpdater(null));
    clock.advance(2 * MIN);
    await flush();
    expect(updater.checks).toBe(0);
    world.server = 'http://192.168.1.20:8787';
    await controller.check();
    world.server = 'http://192.168.1.30:8787';
    await controller.check();
    expect(updater.feeds).toEqual(['http://192.168.1.20:8787/updates/linux', 'http://192.168.1.30:8787/updates/linux']);
    controller.stop();
  });

  it('a failed check (server down) is logged and retried at the next one, never thrown', async () => {
    const world: World = { role: 'counter', server: 'http://10.0.0.2:8787', activity: IDLE_SCREEN, idle: 0 };
    const updater = fakeUpdater();
    updater.fail = true;
    const { clock, log, controller } = setup(world, updater);
    clock.advance(MIN);
    await flush();
    expect(log.lines.some((l) => l.startsWith('warn update check at http://10.0.0.2:8787/updates/linux failed'))).toBe(true);
    updater.fail = false;
    clock.advance(60 * MIN);
    await flush();
    expect(controller.downloaded()).toBe('0.2.0');
    controller.stop();
  });

  it('a downloaded update waits through a pick list and typing, then installs once the counter is idle for 10 minutes', async () => {
    const world: World = { role: 'counter', server: 'http://10.0.0.2:8787', activity: { busy: true, screen: 'pickup' }, idle: 0 };
    const { clock, updater, log, controller } = setup(world);
    clock.advance(MIN);
    await flush();
    expect(controller.downloaded()).toBe('0.2.0');
    // An hour of picking: checked every minute, never installed, the reason logged once.
    for (let m = 0; m < 60; m++) {
      world.idle = 30;
      clock.advance(MIN);
    }
    expect(updater.installs).toBe(0);
    expect(log.lines.filter((l) => l.includes('waits: work in progress on screen (pickup)'))).toHaveLength(1);
    // Back on the search screen, but someone typed 5 minutes ago.
    world.activity = IDLE_SCREEN;
    world.idle = 300;
    clock.advance(MIN);
    expect(updater.installs).toBe(0);
    world.idle = 600;
    clock.advance(MIN);
    expect(updater.installs).toBe(1);
    // Once: the timers stop with the install.
    world.idle = 6000;
    clock.advance(60 * MIN);
    expect(updater.installs).toBe(1);
    controller.stop();
  });

  it('a kiosk mid-session is never restarted; on its start screen, idle for 20 minutes, it is', async () => {
    const world: World = { role: 'kiosk', server: 'http://10.0.0.2:8787', activity: { busy: true, screen: 'detail' }, idle: 100_000 };
    const { clock, updater, controller } = setup(world);
    clock.advance(MIN);
    await flush();
    clock.advance(8 * 60 * MIN);
    expect(updater.installs).toBe(0);
    world.activity = { busy: false, screen: 'search' };
    world.idle = 15 * 60;
    clock.advance(MIN);
    expect(updater.installs).toBe(0);
    world.idle = 20 * 60;
    clock.advance(MIN);
    expect(updater.installs).toBe(1);
    controller.stop();
  });
});
