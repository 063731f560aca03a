/**
 * UI and session state only: which screen, what is typed and selected, who is signed in. Never rows from the
 * database (those are read through renderer/data hooks, which stay live).
 */
import { create } from 'zustand';
import type { SignedInStaff } from '../data/session';
import type { ProfileSource } from '../../shared/customers/types';

export type Screen =
  | { name: 'search' }
  | { name: 'detail'; productId: string; variantId: string | null }
  /** Counter: the pickup queue. */
  | { name: 'pickups' }
  /** Counter: one pickup (pick list while placed/picking, handover while ready). `codeScanned`: opened by scanning
   *  the customer's pickup QR, which verifies them at handover. */
  | { name: 'pickup'; pickupId: string; codeScanned: boolean }
  /** Counter: the manager's area: the pickup dashboard, conflicts to review, the store's devices. */
  | { name: 'manager'; tab?: ManagerTab }
  /** Counter: customer lookup (online, or the working set offline). */
  | { name: 'customers' }
  /** Counter: one customer's profile; `source` says how it was opened (recorded with the view), `openId` one opening. */
  | { name: 'customer'; customerId: string; source: ProfileSource; openId: number }
  /** Counter, managers: who looked at which profile. */
  | { name: 'customerViews' }
  /** Counter, managers: the channel KPIs over time. */
  | { name: 'kpis' }
  /** Counter: a return (renderer/ui/returns). `orderId`: start from this order (a profile's "Return items"); `openId` one opening. */
  | { name: 'returns'; orderId: string | null; openId: number };

export type ManagerTab = 'pickups' | 'conflicts' | 'devices' | 'returns';

export interface UiState {
  screen: Screen;
  query: string;
  selectedIndex: number;
  /** Bumped to ask the search field to take focus again (after Escape from a product). */
  focusSearchToken: number;
  staff: SignedInStaff | null;
  setQuery: (query: string) => void;
  moveSelection: (delta: number, count: number) => void;
  setSelection: (index: number) => void;
  openProduct: (productId: string, variantId?: string | null) => void;
  selectVariant: (variantId: string) => void;
  backToSearch: () => void;
  openPickups: () => void;
  openPickup: (pickupId: string, codeScanned?: boolean) => void;
  openManager: (tab?: ManagerTab) => void;
  openCustomers: () => void;
  openCustomer: (customerId: string, source: ProfileSource) => void;
  openCustomerViews: () => void;
  openKpis: () => void;
  openReturns: (orderId?: string | null) => void;
  signIn: (staff: SignedInStaff) => void;
  signOut: () => void;
  reset: () => void;
}

const initial = { screen: { name: 'search' } satisfies Screen, query: '', selectedIndex: 0, focusSearchToken: 0, staff: null };

let openings = 0;

export const useUi = create<UiState>()((set) => ({
  ...initial,
  setQuery: (query) => set({ query, selectedIndex: 0 }),
  moveSelection: (delta, count) =>
    set((s) => ({ selectedIndex: count === 0 ? 0 : Math.min(count - 1, Math.max(0, s.selectedIndex + delta)) })),
  setSelection: (index) => set({ selectedIndex: index }),
  openProduct: (productId, variantId = null) => set({ screen: { name: 'detail', productId, variantId } }),
  selectVariant: (variantId) => set((s) => (s.screen.name === 'detail' ? { screen: { ...s.screen, variantId } } : {})),
  backToSearch: () => set((s) => ({ screen: { name: 'search' }, focusSearchToken: s.focusSearchToken + 1 })),
  openPickups: () => set({ screen: { name: 'pickups' } }),
  openPickup: (pickupId, codeScanned = false) => set({ screen: { name: 'pickup', pickupId, codeScanned } }),
  openManager: (tab = 'pickups') => set({ screen: { name: 'manager', tab } }),
  openCustomers: () => set({ screen: { name: 'customers' } }),
  openCustomer: (customerId, source) => set({ screen: { name: 'customer', customerId, source, openId: ++openings } }),
  openCustomerViews: () => set({ screen: { name: 'customerViews' } }),
  openKpis: () => set({ screen: { name: 'kpis' } }),
  openReturns: (orderId = null) => set({ screen: { name: 'returns', orderId, openId: ++openings } }),
  signIn: (staff) => set({ staff }),
  signOut: () => set({ staff: null }),
  reset: () => set({ ...initial }),
}));
