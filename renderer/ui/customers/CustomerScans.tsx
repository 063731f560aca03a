/**
 * App-wide at the counter: a loyalty card scanned anywhere opens that customer's profile (from the working set on
 * this device, or looked up online and added to it); a receipt opens the customer of that order when this device
 * holds it. A screen that takes these scans itself registers later and wins while it is open.
 */
import { useScanHandler } from '../../scan';
import { useOpenCustomer } from './useOpenCustomer';

export function CustomerScans(): null {
  const open = useOpenCustomer();
  useScanHandler('loyalty', (scan) => open.byLoyaltyCard(scan.cardNumber));
  useScanHandler('receipt', (scan) => open.byOrder(scan.orderId, 'receipt-scan'));
  return null;
}
