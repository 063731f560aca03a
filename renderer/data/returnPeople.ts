/**
 * The people of a return: the manager who approves on the spot (checked like a sign-in, with the staff PIN
 * functions of renderer/data/session.ts and pin.ts), and the identified customer of a receiptless return.
 */
import type { AisleSession } from './session';
import { signInStaff } from './session';
import { findLocalCustomer, openOnline, resolveLoyaltyCard } from './customers';

export interface ManagerApproval {
  managerId: string;
  name: string;
  /** true: the manager overrides a refusal (a reason is then required and recorded). */
  override: boolean;
  reason: string;
  /** false: the PIN was checked against this counter's offline verifier. */
  online: boolean;
}

/**
 * Checks a manager's staff number and PIN with the same sign-in as the header (online first, then this counter's
 * offline verifier; wrong PINs count toward that manager's lockout), without changing who is signed in here.
 * Events the approval adds are stamped with the manager's own staff session (renderer/data/staffSession.ts).
 */
export async function verifyManager(session: AisleSession, identifier: string, pin: string): Promise<{ ok: true; managerId: string; name: string; online: boolean } | { ok: false; reason: 'not-manager' | 'refused'; message: string }> {
  const result = await signInStaff(session, identifier, pin);
  if (!result.ok) return { ok: false, reason: 'refused', message: result.message };
  if (result.staff.role !== 'manager') return { ok: false, reason: 'not-manager', message: result.staff.name };
  return { ok: true, managerId: result.staff.id, name: result.staff.name, online: result.staff.online };
}

/** The customer a receiptless return is for, by loyalty card (working set first, then the server). */
export async function customerForCard(session: AisleSession, cardNumber: string, online: boolean): Promise<{ customerId: string; name: string }> {
  const { customerId, local } = await resolveLoyaltyCard(session, cardNumber.trim(), online);
  if (local) {
    const doc = await findLocalCustomer(session, customerId);
    return { customerId, name: doc ? `${doc.contact.firstName} ${doc.contact.lastName}`.trim() : customerId };
  }
  const opened = await openOnline(session, customerId, 'other');
  return { customerId: opened.customer.customerId, name: `${opened.customer.contact.firstName} ${opened.customer.contact.lastName}`.trim() };
}

