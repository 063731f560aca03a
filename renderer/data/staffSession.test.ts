import { describe, expect, it } from 'vitest';
import { dropStaffSession, holdStaffSession, staffSessionHeaders } from './staffSession';

const key = 'ab'.repeat(32);
const later = new Date(Date.now() + 3_600_000).toISOString();

describe('staffSessionHeaders: the session a person route is sent with', () => {
  it('is the person signed in online last, until they sign out or sign in offline', () => {
    expect(staffSessionHeaders()).toEqual({});
    holdStaffSession('staff_1', { id: 'sess_a', key, expiresAt: later });
    expect(staffSessionHeaders()).toEqual({ 'x-aisle-staff-session': `sess_a.${key}` });
    holdStaffSession('staff_2', { id: 'sess_b', key, expiresAt: later });
    expect(staffSessionHeaders()).toEqual({ 'x-aisle-staff-session': `sess_b.${key}` });
    // A named person's own session, whoever is current.
    expect(staffSessionHeaders('staff_1')).toEqual({ 'x-aisle-staff-session': `sess_a.${key}` });
    dropStaffSession('staff_2');
    expect(staffSessionHeaders()).toEqual({});
    // Signed in offline: no session to send, so the server will say who must sign in online.
    holdStaffSession('staff_1', null);
    expect(staffSessionHeaders('staff_1')).toEqual({});
  });

  it('never sends an expired session', () => {
    holdStaffSession('staff_3', { id: 'sess_c', key, expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(staffSessionHeaders()).toEqual({});
    expect(staffSessionHeaders('staff_3')).toEqual({});
  });
});
