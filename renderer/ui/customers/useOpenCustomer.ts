/**
 * Opening a customer's profile from anywhere (a loyalty card or receipt scan, a search hit, a pickup): signed-in
 * staff only; a customer not in this store's working set is first added to it through the server.
 */
import { useCallback } from 'react';
import type { ProfileSource } from '../../../shared/customers/types';
import { AisleError } from '../../../shared/errors';
import { useSession } from '../../data/context';
import { customerIdForOrder, findLocalCustomer, openOnline, resolveLoyaltyCard } from '../../data/customers';
import { useSyncStatus } from '../../data/hooks';
import { useUi } from '../../state/ui';
import { useCustomerText } from './useCustomerText';

export interface OpenCustomer {
  byId: (customerId: string, source: ProfileSource) => Promise<void>;
  byLoyaltyCard: (cardNumber: string) => Promise<void>;
  byOrder: (orderId: string, source: ProfileSource) => Promise<void>;
}

export function useOpenCustomer(): OpenCustomer {
  const session = useSession();
  const { online } = useSyncStatus();
  const openCustomer = useUi((s) => s.openCustomer);
  const signedIn = useUi((s) => s.staff !== null);
  const { t } = useCustomerText();

  const byId = useCallback(
    async (customerId: string, source: ProfileSource) => {
      if (!signedIn) throw new AisleError('UNAUTHENTICATED', t('signInFirst'));
      if (!(await findLocalCustomer(session, customerId))) {
        if (!online) throw new AisleError('SERVER_UNREACHABLE', t('notOnDeviceOffline'));
        const opened = await openOnline(session, customerId, source);
        openCustomer(opened.customer.customerId, source);
        return;
      }
      openCustomer(customerId, source);
    },
    [session, online, signedIn, openCustomer, t],
  );

  const byLoyaltyCard = useCallback(
    async (cardNumber: string) => {
      if (!signedIn) throw new AisleError('UNAUTHENTICATED', t('signInForCard'));
      const { customerId, local } = await resolveLoyaltyCard(session, cardNumber, online);
      const id = local ? customerId : (await openOnline(session, customerId, 'loyalty-scan')).customer.customerId;
      openCustomer(id, 'loyalty-scan');
    },
    [session, online, signedIn, openCustomer, t],
  );

  const byOrder = useCallback(
    async (orderId: string, source: ProfileSource) => {
      const customerId = await customerIdForOrder(session, orderId);
      if (customerId === null) throw new AisleError('NOT_FOUND', t('orderNoCustomer', { orderId }));
      await byId(customerId, source);
    },
    [session, byId, t],
  );

  return { byId, byLoyaltyCard, byOrder };
}
