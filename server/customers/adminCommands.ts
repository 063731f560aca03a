/**
 * The customer privacy commands of `npm run admin` (server/admin.ts): erasure, access export and merge of
 * duplicates. They call the same operations as the admin API (server/customers/privacy.ts), so a command and the
 * API do exactly the same thing. A customer is named by id (cus_…), loyalty card number or e-mail address; a
 * reference that matches nobody, or several people, is refused rather than guessed.
 */
import type { Db, Queryable } from '../db/db';
import { AisleError } from '../../shared/errors';
import { normaliseLoyalty } from '../../shared/customers/identity';
import { eraseCustomer, exportCustomer, mergeCustomers } from './privacy';

export interface ResolvedCustomer {
  id: string;
  name: string;
  loyaltyNumber: string;
}

/** The live customer a command line names: an id, a loyalty card number or an e-mail address. */
export async function resolveCustomer(q: Queryable, ref: string): Promise<ResolvedCustomer> {
  const text = ref.trim();
  if (text === '') throw new AisleError('BAD_REQUEST', 'name the customer by id (cus_…), loyalty card number or e-mail');
  const loyalty = normaliseLoyalty(text);
  const res = await q.query<{ id: string; name: string; loyalty: string; erased: boolean; merged_into: string | null }>(
    `SELECT id, trim(first_name || ' ' || last_name) AS name, coalesce(loyalty_number, '') AS loyalty, erased_at IS NOT NULL AS erased, merged_into
     FROM customers WHERE id = $1 OR (email = lower($1) AND email IS NOT NULL) OR (loyalty_number = $2 AND loyalty_number IS NOT NULL)
     ORDER BY id LIMIT 5`,
    [text, loyalty ?? text],
  );
  const byId = res.rows.find((r) => r.id === text);
  if (byId?.erased) throw new AisleError('NOT_FOUND', `customer ${text} was erased`);
  if (byId?.merged_into) throw new AisleError('CONFLICT', `customer ${text} was merged into ${byId.merged_into}; use that id`);
  const live = byId ? [byId] : res.rows.filter((r) => !r.erased && !r.merged_into);
  const [one] = live;
  if (!one) throw new AisleError('NOT_FOUND', `no customer "${text}" (by id, loyalty card or e-mail)`);
  if (live.length > 1) throw new AisleError('CONFLICT', `"${text}" matches ${live.length} customers (${live.map((r) => r.id).join(', ')}); use the customer id`);
  return { id: one.id, name: one.name, loyaltyNumber: one.loyalty };
}

const label = (c: ResolvedCustomer): string => `${c.name || '(no name)'} (${c.id}${c.loyaltyNumber ? `, card ${c.loyaltyNumber}` : ''})`;

export async function eraseCommand(db: Db, ref: string, confirmed: boolean, now: Date): Promise<{ lines: string[]; needsConfirmation: boolean }> {
  const c = await resolveCustomer(db, ref);
  if (!confirmed) {
    return {
      needsConfirmation: true,
      lines: [`This erases ${label(c)}: personal data removed, orders pseudonymised, every device's copy removed. It cannot be undone.`, 'Run it again with --yes to erase.'],
    };
  }
  const r = await eraseCustomer(db, c.id, now);
  return {
    needsConfirmation: false,
    lines: [`Erased ${label(c)}: ${r.ordersPseudonymised} order(s) pseudonymised, ${r.workingSetCopiesRemoved} working-set copy(ies) removed from store devices.`],
  };
}

/** The access-request export as pretty JSON (print it, or redirect it to a file). */
export async function exportCommand(db: Db, ref: string, now: Date): Promise<string> {
  const c = await resolveCustomer(db, ref);
  return JSON.stringify(await exportCustomer(db, c.id, now), null, 2);
}

export async function mergeCommand(db: Db, intoRef: string, fromRef: string, now: Date): Promise<string> {
  const into = await resolveCustomer(db, intoRef);
  const from = await resolveCustomer(db, fromRef);
  if (into.id === from.id) throw new AisleError('BAD_REQUEST', `--into and --from are the same customer (${into.id})`);
  const r = await mergeCustomers(db, into.id, from.id, now);
  return `Merged ${label(from)} into ${label(into)}: ${r.orders} order(s) moved; ${from.id} now points at ${into.id} (its channel ids still resolve).`;
}
