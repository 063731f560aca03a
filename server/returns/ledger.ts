/**
 * The returnable-quantity and tender ledgers (migration 007), in the caller's transaction.
 *
 * What must stay true: units are taken only by a conditional UPDATE (returned + n <= sold) and refunds to a tender
 * only by one (refunded + n <= paid). Under PostgreSQL's READ COMMITTED a second concurrent UPDATE of the same row
 * waits for the first to commit and re-checks its condition against the new row, so two stores racing for the last
 * unit get exactly one "taken" — on PGlite (one connection, transactions in turn) and PostgreSQL alike. The CHECK
 * constraints in the table are a second fence.
 */
import type { Queryable } from '../db/db';

/** Creates the order's ledger rows from its sale-time lines and tenders (once; concurrent callers agree). */
export async function ensureLedger(tx: Queryable, orderId: string): Promise<void> {
  await tx.query(
    `INSERT INTO return_ledger (order_id, line_id, sold) SELECT order_id, line_id, quantity FROM order_lines WHERE order_id = $1 ON CONFLICT DO NOTHING`,
    [orderId],
  );
  await tx.query(
    `INSERT INTO return_tender_ledger (order_id, tender_index, type, paid)
     SELECT o.id, (t.i - 1)::int, t.v->>'type', (t.v->'amount'->>'amount')::bigint
     FROM orders o, jsonb_array_elements(o.data->'tenders') WITH ORDINALITY AS t(v, i) WHERE o.id = $1
     ON CONFLICT DO NOTHING`,
    [orderId],
  );
}

/** Units of each line returned so far (committed returns). */
export async function returnedSoFar(tx: Queryable, orderId: string): Promise<Record<string, number>> {
  const res = await tx.query<{ line_id: string; returned: number }>('SELECT line_id, returned FROM return_ledger WHERE order_id = $1', [orderId]);
  return Object.fromEntries(res.rows.map((r) => [r.line_id, Number(r.returned)]));
}

/**
 * Takes n units of a line if that many are still returnable: the units returned after taking them, or null when
 * another return took them first. The row stays locked until commit, so the caller's later takes of the same line
 * follow directly: "after − what this return took" is exactly the units returned before it.
 */
export async function takeUnits(tx: Queryable, orderId: string, lineId: string, n: number): Promise<number | null> {
  const res = await tx.query<{ returned: number }>('UPDATE return_ledger SET returned = returned + $3 WHERE order_id = $1 AND line_id = $2 AND returned + $3 <= sold RETURNING returned', [orderId, lineId, n]);
  const row = res.rows[0];
  return row ? Number(row.returned) : null;
}

export async function addLineRefund(tx: Queryable, orderId: string, lineId: string, net: number, tax: number): Promise<void> {
  await tx.query('UPDATE return_ledger SET refunded_net = refunded_net + $3, refunded_tax = refunded_tax + $4 WHERE order_id = $1 AND line_id = $2', [orderId, lineId, net, tax]);
}

export interface TenderRow {
  index: number;
  type: string;
  paid: number;
  refunded: number;
}

/** The order's tenders, locked (in index order) for the rest of the transaction. */
export async function lockTenders(tx: Queryable, orderId: string): Promise<TenderRow[]> {
  const res = await tx.query<{ tender_index: number; type: string; paid: string | number; refunded: string | number }>(
    'SELECT tender_index, type, paid, refunded FROM return_tender_ledger WHERE order_id = $1 ORDER BY tender_index FOR UPDATE',
    [orderId],
  );
  return res.rows.map((r) => ({ index: Number(r.tender_index), type: r.type, paid: Number(r.paid), refunded: Number(r.refunded) }));
}

export async function addTenderRefund(tx: Queryable, orderId: string, index: number, amount: number): Promise<boolean> {
  const res = await tx.query('UPDATE return_tender_ledger SET refunded = refunded + $3 WHERE order_id = $1 AND tender_index = $2 AND refunded + $3 <= paid RETURNING refunded', [orderId, index, amount]);
  return res.rows.length === 1;
}
