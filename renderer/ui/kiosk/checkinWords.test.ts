import { describe, expect, it } from 'vitest';
import { openGreeting, pickupCodeKeysSync, sealGreeting } from '../../../shared/pickup/codes';
import { checkinWords, greetingLine } from './checkinWords';

const ready = { status: 'ready' as const, lineCount: 2 };
const picking = { status: 'picking' as const, lineCount: 1 };

describe('kiosk check-in words', () => {
  it('says the team knows only once the server has resolved the check-in', () => {
    const pendingOnline = checkinWords({ row: ready, result: 'pending', online: true });
    expect(pendingOnline).toMatchObject({ tone: 'waiting', title: 'Your order is ready' });
    expect(pendingOnline.notice).not.toMatch(/have let the team know/);
    expect(pendingOnline.detail).not.toMatch(/associate is coming/);

    const pendingOffline = checkinWords({ row: ready, result: 'pending', online: false });
    expect(pendingOffline.notice).toMatch(/waiting for the store network/i);
    expect(pendingOffline.detail).not.toMatch(/associate is coming/);

    const told = checkinWords({ row: ready, result: 'checked-in', online: false });
    expect(told).toMatchObject({ tone: 'ready', title: 'Your order is ready', detail: 'An associate is coming with your order (2 items).', notice: 'We have let the team know you are here.' });
  });

  it('a rate-limited kiosk says how long to wait, in words, and never that the team knows', () => {
    const limited = 'Too many tries — try again in 2 minutes.';
    const pending = checkinWords({ row: ready, result: 'pending', online: true, rateLimited: limited });
    expect(pending.notice).toBe('Too many tries — try again in 2 minutes. If no one comes, please go to the counter.');
    expect(checkinWords({ row: null, result: 'pending', online: true, rateLimited: limited })).toMatchObject({ tone: 'waiting', detail: 'Too many tries — try again in 2 minutes. Or please go to the counter.' });
    // Once the server has answered, the answer wins.
    expect(checkinWords({ row: ready, result: 'checked-in', online: true, rateLimited: limited }).notice).toBe('We have let the team know you are here.');
  });

  it('a just-scanned check-in (not in the database yet) counts as pending', () => {
    expect(checkinWords({ row: ready, result: null, online: true }).notice).toBe('Letting the team know you are here…');
  });

  it('an order still being picked is "being prepared", with one item in the singular', () => {
    expect(checkinWords({ row: picking, result: 'checked-in', online: true })).toMatchObject({ tone: 'preparing', title: 'We are still preparing your order' });
    expect(checkinWords({ row: { status: 'placed', lineCount: 1 }, result: 'pending', online: true }).title).toBe('We are still preparing your order');
    expect(checkinWords({ row: { status: 'ready', lineCount: 1 }, result: 'checked-in', online: true }).detail).toContain('(1 item)');
  });

  it('finished orders say so and send the customer to the counter', () => {
    expect(checkinWords({ row: { status: 'collected', lineCount: 1 }, result: 'not-collectable', online: true })).toMatchObject({ tone: 'problem', title: 'This order has already been collected', notice: null });
    expect(checkinWords({ row: { status: 'cancelled', lineCount: 1 }, result: 'pending', online: true }).title).toBe('This order was cancelled');
    expect(checkinWords({ row: { status: 'expired', lineCount: 1 }, result: null, online: false }).title).toBe('The hold on this order has ended');
    // The kiosk's copy may be older than the server's answer: the answer wins.
    expect(checkinWords({ row: ready, result: 'not-collectable', online: true })).toMatchObject({ tone: 'problem', title: 'This order can no longer be collected here' });
  });

  it('an unknown code is a friendly answer, whatever the kiosk has', () => {
    const words = checkinWords({ row: null, result: 'unknown-code', online: true });
    expect(words).toMatchObject({ tone: 'problem', title: 'We could not find this pickup at this store', notice: null });
    expect(words.detail).toMatch(/ask at the counter/);
  });

  it('without a row on this kiosk it looks the order up, or says honestly it cannot while offline', () => {
    expect(checkinWords({ row: null, result: 'pending', online: true }).title).toBe('Looking up your order…');
    const offline = checkinWords({ row: null, result: 'pending', online: false });
    expect(offline.title).toMatch(/cannot look up your order/);
    expect(offline.detail).toMatch(/store network/);
    expect(offline.notice).toBeNull();
    // The server found it although this kiosk had no copy yet.
    expect(checkinWords({ row: null, result: 'checked-in', online: true }).notice).toBe('We have let the team know you are here.');
  });
});

describe('kiosk greeting', () => {
  const key = pickupCodeKeysSync('K7M2P9QX4T', 'store-001').sealKey;
  it('greets by the first name unsealed with the code', () => {
    expect(greetingLine(openGreeting(sealGreeting('Zoë', key, 'ord_1'), key, 'ord_1'))).toBe('Hi Zoë!');
    expect(greetingLine('  Mary   Ann ')).toBe('Hi Mary Ann!');
  });

  it('falls back to a plain welcome when there is no name or the seal did not open', () => {
    expect(greetingLine(null)).toBe('Welcome!');
    expect(greetingLine('   ')).toBe('Welcome!');
    expect(greetingLine(openGreeting('zz', key, 'ord_1'))).toBe('Welcome!');
    expect(greetingLine(openGreeting(sealGreeting('Zoë', key, 'ord_1'), pickupCodeKeysSync('AAAAAAAAAA', 'store-001').sealKey, 'ord_1'))).toBe('Welcome!');
    expect(greetingLine('Ann\u0000\u0007')).toBe('Welcome!');
  });

  it('shortens a very long name', () => {
    const line = greetingLine('A'.repeat(60));
    expect(line).toBe(`Hi ${'A'.repeat(40)}…!`);
  });
});
