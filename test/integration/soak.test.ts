/**
 * The fault soak's short run in CI (the long run is `npm run soak`, docs/soak.md): three Node counters, a kiosk
 * and the app in Chromium, through fault proxies, with the PGlite server SIGKILLed and restarted and devices
 * closed mid-write, for 30 s of traffic. Nothing acknowledged may be lost and every device must end equal to the
 * server, with stock equal to the pickups' effects and no message sent twice.
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../soak/soak';
import { soakTable } from '../soak/cli';
import { chromiumMissingReason } from '../support/browser';

describe('fault soak, short run (PGlite)', () => {
  it('loses no acknowledged write and converges with every device equal to the server', { timeout: 300_000 }, async () => {
    const lines: string[] = [];
    const result = await runSoak({ minutes: 0.5, db: 'pglite', counters: 3, browser: chromiumMissingReason() === '' || process.env['CI'] !== undefined, log: (l) => lines.push(l) });
    console.log(`${lines.join('\n')}\n${soakTable(result)}`);
    expect(result.faults.serverKills).toBeGreaterThanOrEqual(1);
    expect(result.faults.deviceCrashes).toBeGreaterThanOrEqual(1);
    expect(result.faults.resets + result.faults.cuts).toBeGreaterThan(5);
    expect(result.writesAcknowledged).toBeGreaterThan(30);
    expect(result.contendedPickups).toBeGreaterThan(0);
    expect(result.lost).toEqual([]);
    expect(result.divergent).toEqual([]);
    expect(result.convergeMs).not.toBeNull();
    expect(result.stock).toEqual([]);
    // Counters sign their staff in: what they record is proven by the session (the server checked each proof).
    expect(result.signIns.online).toBeGreaterThanOrEqual(4);
    expect(result.attribution.proven).toBeGreaterThan(0);
    expect(result.messages.sent).toBeGreaterThan(0);
    expect(result.messages.duplicates).toBe(0);
    expect(result.messages.deliveredButPending).toBe(0);
  });
});
