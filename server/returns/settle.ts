/**
 * Settling a return on the server: the authority for money. Runs in the push transaction once the counter has
 * settled the return (a `tendered` event) and the server has not (no `returns` row). In order:
 *
 * 1. the `returns` row is inserted (ON CONFLICT DO NOTHING): the gate that makes everything below happen once;
 * 2. the receipt code (if any) is verified again, the order read from the orders table (the truth, with its
 *    delivery date), the policy assessed again with the server's knowledge (every store's returns, the ledger);
 * 3. each line's units are taken from the ledger with a conditional UPDATE: a line whose units another return took
 *    first is not refunded, and the return is flagged RACED for the manager — kept, never refunded twice;
 * 4. the refund is computed from the sale-time amounts of the accepted units, split over the tenders (original
 *    tenders up to what each has left, locked), and sent through the payment connector with the return id as key;
 * 5. stock effects are collected for the caller to apply at the returning store.
 *
 * The result is the server's events (accepted, refunded, flagged) for the caller to merge into the document.
 */
import type { Queryable } from '../db/db';
import type { Order } from '../../shared/orders/types';
import type { LineVerdict, RefundAllocation, ReturnDoc, ReturnEvent, ReturnFlag, ReturnLine, ReturnPolicy, ReturnableSale } from '../../shared/returns/types';
import { SERVER_ACTOR } from '../../shared/returns/types';
import { foldReturn, type ReturnState } from '../../shared/returns/fold';
import { acceptedLineIds, assessReturn } from '../../shared/returns/policy';
import { exchangeBalance, planTenders, refundForLines, type RefundChoice } from '../../shared/returns/refund';
import { saleFromOrder } from '../../shared/returns/build';
import { verifyReceipt } from './keys';
import { addLineRefund, addTenderRefund, ensureLedger, lockTenders, takeUnits } from './ledger';
import { paymentConnector } from './connector';
import { internalTenders, stockEffects, type StockDelta } from './effects';
import { lowestPrices, receiptlessHistory, variantProducts } from './lookups';

export interface Settled {
  events: ReturnEvent[];
}

type Draft = ReturnEvent extends infer E ? (E extends ReturnEvent ? Omit<E, 'id' | 'at' | 'staffId' | 'deviceId'> : never) : never;

function serverEvent(doc: ReturnDoc, key: string, now: Date, body: Draft): ReturnEvent {
  return { ...body, id: `${doc.id}:server:${key}`, at: now.toISOString(), staffId: SERVER_ACTOR, deviceId: SERVER_ACTOR };
}

/** What the counter chose, read back from its settlement. */
function choiceOf(allocations: readonly RefundAllocation[]): RefundChoice {
  const first = allocations[0];
  if (!first || first.originalIndex >= 0 || first.tender === 'card') return 'original';
  return first.tender;
}

function flagFor(v: LineVerdict): ReturnFlag {
  if (v.verdict === 'allowed') return 'REFUSED_BY_SERVER';
  if (v.code === 'ALREADY_RETURNED') return 'RACED';
  if (v.code === 'RECEIPTLESS_OVER_LIMIT') return 'OVER_LIMIT';
  return 'REFUSED_BY_SERVER';
}

async function loadOrder(tx: Queryable, orderId: string): Promise<Order | null> {
  const res = await tx.query<{ data: Order }>('SELECT data FROM orders WHERE id = $1', [orderId]);
  return res.rows[0]?.data ?? null;
}

/** The moment the return happened at the counter, within what is possible (after the sale, not after now). */
function returnTime(state: ReturnState, sale: ReturnableSale | null, now: Date): string {
  const at = Date.parse(state.createdAt);
  const floor = sale ? Date.parse(sale.placedAt) : 0;
  return new Date(Math.min(now.getTime(), Math.max(floor, Number.isNaN(at) ? now.getTime() : at))).toISOString();
}

export async function settleReturn(tx: Queryable, doc: ReturnDoc, policy: ReturnPolicy, now: Date, delta: StockDelta): Promise<Settled | null> {
  const state = foldReturn(doc.events);
  if (!state.tendered || state.cancelled || state.refunded) return null;
  const gate = await tx.query(
    `INSERT INTO returns (id, store_id, order_id, origin_channel, customer_id, receiptless, outcome, currency, created_at, settled_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'flagged', $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [doc.id, doc.storeId, doc.orderId, doc.originChannel, doc.customerId, doc.orderId === '', doc.currency, state.createdAt || now.toISOString(), now.toISOString()],
  );
  if (gate.rows.length === 0) return null; // settled before: a retried push, or another device's copy
  const events: ReturnEvent[] = [];
  const flags = new Map<ReturnFlag, string[]>();
  const flag = (f: ReturnFlag, detail: string): void => void flags.set(f, [...(flags.get(f) ?? []), detail]);
  const finish = async (accepted: { line: ReturnLine; refund: number }[], allocations: RefundAllocation[], total: number, collect: number, reference: string): Promise<Settled> => {
    if (accepted.length > 0) events.push(serverEvent(doc, 'accepted', now, { type: 'accepted', lines: accepted.map((a) => ({ lineId: a.line.id, quantity: a.line.quantity })) }));
    if (accepted.length > 0) events.push(serverEvent(doc, 'refunded', now, { type: 'refunded', allocations, total, reference }));
    for (const [f, details] of flags) events.push(serverEvent(doc, `flag:${f}`, now, { type: 'flagged', flag: f, detail: details.join('; ').slice(0, 1000) }));
    const overriddenBy = Object.values(state.approvals).find((a) => a.override)?.by ?? '';
    await tx.query('UPDATE returns SET outcome = $2, flags = $3::text[], total = $4, collect = $5, overridden_by = $6 WHERE id = $1', [doc.id, accepted.length > 0 ? 'refunded' : 'flagged', [...flags.keys()], total, collect, overriddenBy]);
    for (const l of state.lines) {
      const a = accepted.find((x) => x.line.id === l.id);
      await tx.query('INSERT INTO return_lines (return_id, line_id, order_line_id, variant_id, product_id, category, quantity, reason, disposition, refund) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
        doc.id, l.id, l.orderLineId, l.variantId, l.productId, l.category, a ? l.quantity : 0, l.reason, l.disposition, a?.refund ?? 0,
      ]);
    }
    for (const [seq, a] of allocations.entries()) {
      await tx.query('INSERT INTO return_refunds (return_id, seq, tender, original_index, amount) VALUES ($1, $2, $3, $4, $5)', [doc.id, seq, a.tender, a.originalIndex, a.amount]);
    }
    return { events };
  };
  const handedCash = state.tendered.allocations.filter((a) => a.tender === 'cash').reduce((s, a) => s + a.amount, 0);
  const cashNote = handedCash > 0 ? ` (${handedCash} in cash was handed out at the counter)` : '';

  // 2. What was sold, according to the server.
  if (state.receipt.kind === 'code') {
    const verified = await verifyReceipt(tx, state.receipt.code);
    if (!verified.ok || verified.receipt.orderId !== doc.orderId) {
      flag('RECEIPT_INVALID', `${verified.ok ? 'the receipt code is for another order' : verified.reason}: nothing refunded${cashNote}`);
      return finish([], [], 0, 0, '');
    }
  }
  let sale: ReturnableSale | null = null;
  let order: Order | null = null;
  if (doc.orderId !== '') {
    order = await loadOrder(tx, doc.orderId);
    if (!order) {
      flag('UNKNOWN_ORDER', `order ${doc.orderId} is not known to the server: nothing refunded${cashNote}`);
      return finish([], [], 0, 0, '');
    }
    sale = saleFromOrder(order);
    await ensureLedger(tx, order.id);
  }
  const customerId = doc.customerId || order?.customerId || '';
  const history = sale ? null : await receiptlessHistory(tx, customerId, policy, now);
  const unitValue = sale ? {} : await lowestPrices(tx, state.lines.map((l) => l.variantId), policy, now);
  const returnedBefore = sale ? Object.fromEntries((await tx.query<{ line_id: string; returned: number }>('SELECT line_id, returned FROM return_ledger WHERE order_id = $1', [sale.orderId])).rows.map((r) => [r.line_id, Number(r.returned)])) : {};
  const assessment = assessReturn({
    policy,
    now: returnTime(state, sale, now),
    sale,
    returnedBefore,
    lines: state.lines,
    customer: customerId ? { id: customerId, receiptlessCount: history?.count ?? 0, receiptlessAmount: history?.amount ?? 0 } : null,
    exchangeProducts: await variantProducts(tx, state.lines.map((l) => l.exchangeVariantId).filter((v) => v !== '')),
    receiptlessUnitValue: unitValue,
  });
  const serverOk = new Set(acceptedLineIds(assessment.verdicts, state.approvals));
  const counterOk = new Set(acceptedLineIds(state.verdicts, state.approvals));
  const wanted = state.lines.filter((l) => serverOk.has(l.id));
  for (const l of state.lines) {
    if (serverOk.has(l.id) || !counterOk.has(l.id)) continue;
    const v = assessment.verdicts.find((x) => x.lineId === l.id);
    if (v) flag(flagFor(v), `line ${l.id} (${l.sku}): ${v.verdict === 'allowed' ? 'refused' : v.why}`);
  }

  // 3. Take the units, line by line; the rows stay locked until commit.
  const accepted: ReturnLine[] = [];
  const lastAfter = new Map<string, number>();
  const took = new Map<string, number>();
  for (const l of wanted) {
    if (!sale) {
      accepted.push(l);
      continue;
    }
    const after = await takeUnits(tx, sale.orderId, l.orderLineId, l.quantity);
    if (after === null) {
      flag('RACED', `line ${l.id} (${l.sku}): another return took the last returnable units of order line ${l.orderLineId} first${cashNote}`);
      continue;
    }
    lastAfter.set(l.orderLineId, after);
    took.set(l.orderLineId, (took.get(l.orderLineId) ?? 0) + l.quantity);
    accepted.push(l);
  }
  if (accepted.length === 0) return finish([], [], 0, 0, '');

  // 4. The money, from the sale-time amounts.
  let refundByLine: Map<string, number>;
  let total: number;
  if (sale) {
    const before = Object.fromEntries([...lastAfter].map(([k, after]) => [k, after - (took.get(k) ?? 0)]));
    const breakdown = refundForLines(sale, accepted, { ...returnedBefore, ...before }, policy);
    for (const f of breakdown.fees) if ((await takeUnits(tx, sale.orderId, f.orderLineId, f.quantity)) === null) breakdown.total -= f.net + f.tax;
    for (const l of breakdown.lines) await addLineRefund(tx, sale.orderId, l.orderLineId, l.net, l.tax);
    for (const f of breakdown.fees) await addLineRefund(tx, sale.orderId, f.orderLineId, f.net, f.tax);
    refundByLine = new Map(breakdown.lines.map((l) => [l.lineId, l.refund]));
    const net = breakdown.lines.reduce((s, l) => s + l.net - l.restockingFee, 0) + breakdown.fees.reduce((s, f) => s + f.net, 0);
    await tx.query('UPDATE orders SET refunded = refunded + $2 WHERE id = $1', [sale.orderId, net]);
    total = breakdown.total;
  } else {
    refundByLine = new Map(accepted.map((l) => [l.id, (unitValue[l.variantId] ?? 0) * l.quantity]));
    total = [...refundByLine.values()].reduce((s, v) => s + v, 0);
  }
  const balance = exchangeBalance({ currency: doc.currency, lines: [], fees: [], restockingFee: 0, total }, accepted);
  let allocations: RefundAllocation[] = [];
  if (balance.refund > 0) {
    const tenders = sale ? await lockTenders(tx, sale.orderId) : [];
    const base = {
      sale,
      amount: balance.refund,
      refundedByTender: sale ? sale.tenders.map((_, i) => tenders.find((t) => t.index === i)?.refunded ?? 0) : [],
      refundedTotal: tenders.reduce((s, t) => s + t.refunded, 0),
      online: true,
      hasCustomer: customerId !== '',
      policy: { ...policy, cashLimit: Math.max(policy.cashLimit, handedCash) },
      offlineCashGiven: 0,
    };
    // The counter's choice first; if the server cannot honour it, back to the original tenders, else a gift card.
    let plan = planTenders({ ...base, choice: choiceOf(state.tendered.allocations) });
    if (!plan.ok) plan = planTenders({ ...base, choice: sale ? 'original' : 'store-credit' });
    if (!plan.ok) plan = planTenders({ ...base, choice: 'gift-card' });
    if (!plan.ok) throw new Error(`return ${doc.id}: no tender can take the refund (${plan.why})`);
    allocations = plan.allocations;
    for (const a of allocations) {
      if (a.originalIndex >= 0 && sale && !(await addTenderRefund(tx, sale.orderId, a.originalIndex, a.amount))) throw new Error(`return ${doc.id}: tender ${a.originalIndex} has not ${a.amount} left`);
    }
  }
  const cashOut = allocations.filter((a) => a.tender === 'cash').reduce((s, a) => s + a.amount, 0);
  if (handedCash !== cashOut && handedCash > 0) flag('AMOUNT_MISMATCH', `the counter handed out ${handedCash} in cash; the server refunds ${cashOut} in cash`);
  const email = customerId ? ((await tx.query<{ email: string | null }>('SELECT email FROM customers WHERE id = $1', [customerId])).rows[0]?.email ?? '') : '';
  const store = (await tx.query<{ name: string }>(`SELECT data->>'name' AS name FROM docs WHERE collection = 'stores' AND id = $1`, [doc.storeId])).rows[0]?.name ?? doc.storeId;
  const refs = await internalTenders(tx, allocations, customerId, doc.currency, doc.id, now, sale);
  const paid = allocations.length > 0 ? await paymentConnector().refund(tx, { idempotencyKey: doc.id, orderId: doc.orderId, orderNumber: doc.orderNumber, currency: doc.currency, total: balance.refund, allocations, customerEmail: email, storeName: store, at: now }) : null;

  // 5. Stock, at the returning store.
  await stockEffects(tx, doc.storeId, accepted, delta);
  const reference = [paid?.reference, ...refs].filter((r): r is string => !!r).join(' ');
  return finish(accepted.map((line) => ({ line, refund: refundByLine.get(line.id) ?? 0 })), allocations, balance.refund, balance.collect, reference);
}
