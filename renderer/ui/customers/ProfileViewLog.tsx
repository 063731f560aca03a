/**
 * Managers: who looked at which customer profile and who revealed contact details, at this store — the server's log
 * (every device of the store), plus what this device recorded and has not sent yet (offline views are never
 * missing from the log, only late). Managers only: an associate sees why not.
 */
import { useEffect, useState } from 'react';
import type { ProfileViewEntry } from '../../../shared/customers/api';
import { useSession } from '../../data/context';
import { fetchProfileViewLog, useUnsentViews } from '../../data/customerEvents';
import { useSyncStatus } from '../../data/hooks';
import { useStaffNames } from '../../data/pickups';
import { useUi } from '../../state/ui';
import { background } from '../../util/background';
import { errorText } from '../../util/errorText';
import { formatDateTime } from './customerFormat';
import './customers.css';

type Log = { state: 'loading' } | { state: 'ready'; entries: ProfileViewEntry[] } | { state: 'offline' } | { state: 'error'; message: string };

function what(e: { kind: string; field: string; source: string }): string {
  if (e.kind === 'revealed') return `revealed ${e.field === 'email' ? 'e-mail' : 'phone'}`;
  return `viewed${e.source ? ` (${e.source.replace('-', ' ')})` : ''}`;
}

export function ProfileViewLog(): React.JSX.Element {
  const session = useSession();
  const staff = useUi((s) => s.staff);
  const { online } = useSyncStatus();
  const names = useStaffNames();
  const unsent = useUnsentViews();
  const [log, setLog] = useState<Log>({ state: 'loading' });
  const manager = staff?.role === 'manager';
  useEffect(() => {
    if (!manager) return;
    if (!online) {
      setLog({ state: 'offline' });
      return;
    }
    const controller = new AbortController();
    background(
      fetchProfileViewLog(session, undefined, controller.signal).then(
        (entries) => setLog({ state: 'ready', entries }),
        (e: unknown) => {
          if (!controller.signal.aborted) setLog({ state: 'error', message: errorText(e) });
        },
      ),
      'profile view log',
    );
    return () => controller.abort();
  }, [session, online, manager, unsent.length]);

  if (!manager) {
    return (
      <section className="view-log" data-testid="view-log-locked">
        <h1>Profile views</h1>
        <p className="signin-needed" role="alert">
          {staff ? 'Only a manager can read who looked at customer profiles.' : 'Sign in as a manager to read who looked at customer profiles.'}
        </p>
      </section>
    );
  }
  return (
    <section className="view-log" data-testid="view-log">
      <h1>Profile views at this store</h1>
      {unsent.length > 0 && (
        <>
          <h2>On this device, not sent yet ({unsent.length})</h2>
          <ul className="log-list">
            {unsent.map((e) => (
              <li key={e.id} data-testid="view-log-unsent">
                {formatDateTime(e.at)} · <strong>{names.get(e.staffId) ?? e.staffId}</strong> {what(e)} <span className="mono">{e.customerId}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Recorded by the server</h2>
      {log.state === 'loading' && <p className="muted">Loading…</p>}
      {log.state === 'offline' && <p className="offline-scope">Offline: the store’s log needs the server. Views made here offline are kept and sent when it returns.</p>}
      {log.state === 'error' && <p className="form-error" role="alert">{log.message}</p>}
      {log.state === 'ready' && (
        <table className="log-table" data-testid="view-log-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>Customer</th>
              <th>Device</th>
            </tr>
          </thead>
          <tbody>
            {log.entries.map((e) => (
              <tr key={e.eventId} data-testid="view-log-entry" data-kind={e.kind}>
                <td>{formatDateTime(e.at)}</td>
                <td>{names.get(e.staffId) ?? e.staffId}</td>
                <td>{what(e)}</td>
                <td className="mono">{e.customerId}</td>
                <td className="mono muted">{e.deviceId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
