/**
 * Tells the desktop whether work is in progress on screen, so an update never restarts the app under someone
 * (electron/main/updates.ts installs only when this says idle and the machine has had no input for a while).
 * Busy at a counter: a pickup (pick list or handover), a return, a customer's profile. Busy at a kiosk: anything
 * but an empty start screen, i.e. a customer mid-session.
 */
import { useEffect } from 'react';
import type { DeviceActivity } from '../../shared/ipc';
import type { DeviceRole } from '../../shared/sync';
import { getDesktopApi } from '../host/desktopApi';
import { useUi } from '../state/ui';

/** Counter screens that hold work in progress; returns screens (any name starting "return") count too. */
const COUNTER_BUSY = new Set(['pickup', 'customer']);

export function activityFor(role: DeviceRole, screen: string, query: string): DeviceActivity {
  if (role === 'kiosk') return { busy: screen !== 'search' || query.trim() !== '', screen };
  return { busy: COUNTER_BUSY.has(screen) || screen.startsWith('return'), screen };
}

export function useReportActivity(role: DeviceRole): void {
  const screen = useUi((s) => s.screen.name);
  const query = useUi((s) => s.query);
  const { busy } = activityFor(role, screen, query);
  useEffect(() => {
    // Best effort: an older desktop without the method only means updates wait for the next quit.
    getDesktopApi()
      .reportActivity({ busy, screen })
      .catch(() => undefined);
  }, [busy, screen]);
}
