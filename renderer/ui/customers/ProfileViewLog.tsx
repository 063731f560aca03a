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
import { useErrorText } from '../errors/useErrorText';
import { selectKey, useCustomerText } from './useCustomerText';
import './customers.css';

type Log = { state: 'loading' } | { state: 'ready'; entries: ProfileViewEntry[] } | { state: 'offline' } | { state: 'error'; message: string };


export function ProfileViewLog(): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const staff = useUi((s) => s.staff);
  const { online } = useSyncStatus();
  const names = useStaffNames();
  const unsent = useUnsentViews();
  const openKpis = useUi((s) => s.openKpis);
  const { t, dateTime } = useCustomerText();
  const what = (e: { kind: string; field: string; source: string }): string => t('viewWhat', { kind: e.kind, field: e.field }) + (e.kind === 'viewed' && e.source ? ` (${t('source', { source: selectKey(e.source) })})` : '');
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
        <h1>{t('views')}</h1>
        <p className="signin-needed" role="alert">
          {staff ? t('viewsManagersOnly') : t('viewsSignIn')}
        </p>
      </section>
    );
  }
  return (
    <section className="view-log" data-testid="view-log">
      <header className="kpis-head">
        <h1>{t('viewsTitle')}</h1>
        <button type="button" className="ghost" onClick={openKpis}>
          ← {t('kpis')}
        </button>
      </header>
      {unsent.length > 0 && (
        <>
          <h2>{t('unsent', { count: unsent.length })}</h2>
          <ul className="log-list">
            {unsent.map((e) => (
              <li key={e.id} data-testid="view-log-unsent">
                {dateTime(e.at)} · <strong>{names.get(e.staffId) ?? e.staffId}</strong> {what(e)} <span className="mono">{e.customerId}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('fromServerLog')}</h2>
      {log.state === 'loading' && <p className="muted">{t('loading')}</p>}
      {log.state === 'offline' && <p className="offline-scope">{t('viewsOffline')}</p>}
      {log.state === 'error' && <p className="form-error" role="alert">{log.message}</p>}
      {log.state === 'ready' && (
        <table className="log-table" data-testid="view-log-table">
          <thead>
            <tr>
              <th>{t('when')}</th>
              <th>{t('who')}</th>
              <th>{t('what')}</th>
              <th>{t('customer')}</th>
              <th>{t('device')}</th>
            </tr>
          </thead>
          <tbody>
            {log.entries.map((e) => (
              <tr key={e.eventId} data-testid="view-log-entry" data-kind={e.kind}>
                <td>{dateTime(e.at)}</td>
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
