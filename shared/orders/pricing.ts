/**
 * Freezing an order's amounts at sale time: each line gets its own discount plus its largest-remainder share of
 * the order-level discount (weighted by what the line costs after its own discount), and its tax (given per line,
 * or the order's tax prorated by line net). The lines' amounts add up to the order totals exactly.
 */
import type { OrderLine, OrderTotals, Tender } from './types';
import { prorate } from './proration';

/** A line before pricing: what identifies an OrderLine (shared/orders/types.ts), with amounts in minor units of the order's currency. */
export interface LineToPrice extends Pick<OrderLine, 'id' | 'variantId' | 'productId' | 'sku' | 'title' | 'quantity'> {
  unitAmount: number;
  /** The line's own discount. */
  discount: number;
  /** The line's tax, or null to take a share of the order's. */
  tax: number | null;
}

export function priceOrder(lines: readonly LineToPrice[], orderDiscount: number, orderTax: number | null, currency: string): { lines: OrderLine[]; totals: OrderTotals } {
  const m = (amount: number): { amount: number; currency: string } => ({ amount, currency });
  const afterOwn = lines.map((l) => l.quantity * l.unitAmount - l.discount);
  const shares = prorate(orderDiscount, afterOwn);
  const nets = afterOwn.map((a, i) => a - (shares[i] ?? 0));
  const taxes = lines.some((l) => l.tax !== null) || orderTax === null ? lines.map((l) => l.tax ?? 0) : prorate(orderTax, nets);
  const priced: OrderLine[] = lines.map((l, i) => {
    const discount = l.discount + (shares[i] ?? 0);
    const net = nets[i] ?? 0;
    const tax = taxes[i] ?? 0;
    return { id: l.id, variantId: l.variantId, productId: l.productId, sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: m(l.unitAmount), discount: m(discount), net: m(net), tax: m(tax), total: m(net + tax) };
  });
  const sum = (f: (l: OrderLine) => number): number => priced.reduce((a, l) => a + f(l), 0);
  return {
    lines: priced,
    totals: { subtotal: m(sum((l) => l.quantity * l.unitPrice.amount)), discount: m(sum((l) => l.discount.amount)), tax: m(sum((l) => l.tax.amount)), total: m(sum((l) => l.total.amount)) },
  };
}

/** Tenders must pay the order exactly (cash change is not a tender). Returns the problem, or null. */
export function tenderProblem(tenders: readonly Tender[], total: number): string | null {
  if (tenders.length === 0) return null;
  const paid = tenders.reduce((a, t) => a + t.amount.amount, 0);
  return paid === total ? null : `tenders add up to ${paid}, the order total is ${total}`;
}
