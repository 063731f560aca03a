/** The open device session, provided once by the app shell; components reach data only through hooks.ts. */
import { createContext, useContext } from 'react';
import type { AisleSession } from './session';

export const SessionContext = createContext<AisleSession | null>(null);

export function useSession(): AisleSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside <SessionContext.Provider>');
  return session;
}
