import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodePickupCode } from '../barcode/aisleCodes';
import { openGreeting, pickupCodeFromInput, pickupCodeHash, sealGreeting } from './codes';

describe('pickup codes for the kiosk', () => {
  it('hashes the normalised code with SHA-256 (same as the server would with node:crypto)', () => {
    expect(pickupCodeHash('abcd234567')).toBe(createHash('sha256').update('aisle-pickup:ABCD234567').digest('hex'));
    expect(pickupCodeHash(' ABCD234567 ')).toBe(pickupCodeHash('abcd234567'));
  });

  it('reads the QR, the slip form and a typed code', () => {
    expect(pickupCodeFromInput(encodePickupCode('abcd234567', 'url'))).toBe('ABCD234567');
    expect(pickupCodeFromInput('AISLE:PU:abcd234567')).toBe('ABCD234567');
    expect(pickupCodeFromInput(' abcd234567')).toBe('ABCD234567');
    expect(pickupCodeFromInput('no!')).toBeNull();
    expect(pickupCodeFromInput('vn2ge-g2f7p')).toBe('VN2GEG2F7P');
  });

  it('opens the sealed greeting only with the right code', () => {
    const sealed = sealGreeting('Zoë', 'ABCD234567');
    expect(sealed).not.toContain(Buffer.from('Zoë').toString('hex'));
    expect(openGreeting(sealed, 'abcd234567')).toBe('Zoë');
    const wrong = openGreeting(sealed, 'ABCD234568');
    expect(wrong).not.toBe('Zoë');
  });
});

describe('sealed greeting length', () => {
  it('keeps at most 60 UTF-8 bytes, cut between characters', () => {
    const long = 'Ž'.repeat(40);
    const opened = openGreeting(sealGreeting(long, 'ABCD234567'), 'ABCD234567');
    expect(opened).toBe('Ž'.repeat(30));
  });
});
