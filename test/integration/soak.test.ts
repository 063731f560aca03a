/**
 * The fault soak's short run in CI (the long run is `npm run soak`, docs/soak.md): three Node counters, a kiosk
 * and the app in Chromium, through fault proxies, with the PGlite server SIGKILLed and restarted and devices
 * closed mid-write, for 30 s of traffic. Nothing acknowledged may be lost and every device must end equal to the
 * server, with stock equal to the pickups' effects plus restocked returns, no message sent twice, every return
 * refunded at most once and every customer note or view in the server's audit log.
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
    expect(result.messages.sentAgain).toBe(0);
    expect(result.messages.byKind['refund']?.sent).toBe(result.messages.byKind['refund']?.queued);
    // Returns of the seeded sales, some offline, some two counters racing for the last unit: every one on the
    // server, each refunded at most once, never more units than sold, a race's loser flagged and not refunded.
    expect(result.returns.acknowledged).toBeGreaterThan(0);
    expect(result.returns.onServer).toBe(result.returns.acknowledged);
    expect(result.returns.completed).toBeGreaterThan(0);
    expect(result.returns.raced).toBeGreaterThan(0);
    expect(result.returns.overReturnedLines).toBe(0);
    expect(result.returns.refundedTwice).toBe(0);
    expect(result.returns.flaggedButRefunded).toBe(0);
    expect(result.returns.refundMismatches).toBe(0);
    expect(result.returns.refundEmailDuplicates).toBe(0);
    // Customer notes and profile views: all in the server's audit log.
    expect(result.customerEvents.acknowledged).toBeGreaterThan(0);
    expect(result.customerEvents.arrived).toBe(result.customerEvents.acknowledged);
  });
});
