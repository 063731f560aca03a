/**
 * Counter: the store's devices for its manager — role, app version, last contact, last successful sync, writes
 * waiting to be sent and last error, as each device last reported them to the server (renderer/data/deviceStatus.ts)
 * — and the manager's actions: a one-time enrollment code for a new counter or kiosk, and revoking a device.
 * Everything here comes from the server (it is about other machines), so it needs the server and says so.
 *
 * Who may: a signed-in manager. The server checks that the staff id named is an active manager of this store;
 * it cannot yet check that this manager is signed in here (staff sessions, branch trust-auth).
 */
import { useCallback, useEffect, useState } from 'react';
import type { StoreDevice } from '../../../shared/devices/status';
import type { DeviceRole } from '../../../shared/sync';
import { useSession } from '../../data/context';
import { createDeviceCode, fetchStoreDevices, revokeStoreDevice } from '../../data/manager';
import { useUi } from '../../state/ui';
import { useSyncWords } from '../format';
import { useNow } from '../useNow';
import { background } from '../../util/background';
import { useI18n } from '../../i18n';
import { managerAreaMessages } from './messages';
import { useErrorText } from '../errors/useErrorText';



export function DevicesScreen(): React.JSX.Element {
  const { t } = useI18n(managerAreaMessages);
  const staff = useUi((s) => s.staff);
  return (
    <section className="manager devices" data-testid="devices-screen">
      <header className="manager-head">
        <div>
          <p className="eyebrow">{t('eyebrow')}</p>
          <h1>{t('devicesTitle')}</h1>
        </div>
        <p className="muted manager-who">{t('devicesIntro')}</p>
      </header>
      {staff?.role === 'manager' ? (
        <DeviceList staffId={staff.id} />
      ) : (
        <p className="notice" data-testid="devices-needs-manager">
          {staff === null ? t('devicesSignIn') : t('devicesNotManager', { name: staff.name })}
        </p>
      )}
    </section>
  );
}

function DeviceList({ staffId }: { staffId: string }): React.JSX.Element {
  const { t, dateTime, number } = useI18n(managerAreaMessages);
  const message = useErrorText();
  const { ago: agoAt } = useSyncWords();
  const ago = (iso: string | null, now: number): string => agoAt(iso === null ? null : Date.parse(iso), now);
  const session = useSession();
  const now = useNow(15_000);
  const [devices, setDevices] = useState<StoreDevice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<{ code: string; expiresAt: string; role: DeviceRole } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDevices(await fetchStoreDevices(session, staffId));
      setError(null);
    } catch (e) {
      setError(message(e));
    }
  }, [session, staffId]);

  useEffect(() => {
    background(load(), 'loading the device list');
    const timer = setInterval(() => background(load(), 'loading the device list'), 30_000);
    return () => clearInterval(timer);
  }, [load]);

  const enroll = async (role: DeviceRole): Promise<void> => {
    try {
      setCode(await createDeviceCode(session, staffId, role));
      setError(null);
    } catch (e) {
      setError(message(e));
    }
  };

  const revoke = async (id: string): Promise<void> => {
    try {
      await revokeStoreDevice(session, staffId, id);
      setConfirming(null);
      await load();
    } catch (e) {
      setError(message(e));
    }
  };

  return (
    <>
      <div className="device-actions">
        <button type="button" data-testid="enroll-counter" onClick={() => background(enroll('counter'), 'enrollment code')}>
          {t('enrollCounter')}
        </button>
        <button type="button" data-testid="enroll-kiosk" onClick={() => background(enroll('kiosk'), 'enrollment code')}>
          {t('enrollKiosk')}
        </button>
        <button type="button" className="quiet" data-testid="devices-refresh" onClick={() => background(load(), 'loading the device list')}>
          {t('refresh')}
        </button>
      </div>
      {code !== null && (
        <div className="manager-card enroll-code" data-testid="enroll-code-panel" role="status">
          <p>{t('codeFor', { role: code.role })}</p>
          <p className="code" data-testid="enroll-code-value">
            {code.code}
          </p>
          <p className="muted">{t('codeUntil', { when: dateTime(code.expiresAt) })}</p>
          <button type="button" className="quiet" onClick={() => setCode(null)}>
            {t('done')}
          </button>
        </div>
      )}
      {error !== null && (
        <p className="form-error" role="alert" data-testid="devices-error">
          {error}
        </p>
      )}
      {devices === null ? (
        error === null && <p className="muted">{t('asking')}</p>
      ) : (
        <table className="device-table" data-testid="device-table">
          <thead>
            <tr>
              <th scope="col">{t('colDevice')}</th>
              <th scope="col">{t('colRole')}</th>
              <th scope="col">{t('colVersion')}</th>
              <th scope="col">{t('colContact')}</th>
              <th scope="col">{t('colSynced')}</th>
              <th scope="col">{t('colPending')}</th>
              <th scope="col">{t('colError')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('colActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id} data-testid="device-row" data-device-id={d.id} data-revoked={d.revoked ? 'true' : 'false'} className={d.revoked ? 'revoked' : ''}>
                <th scope="row">
                  {d.name}
                  {d.id === session.settings.deviceId && <span className="muted"> {t('thisDevice')}</span>}
                </th>
                <td>{t('role', { role: d.role })}</td>
                <td data-testid="device-version">{d.status?.appVersion ?? '—'}</td>
                <td data-testid="device-contact">{ago(d.lastContactAt, now)}</td>
                <td data-testid="device-synced">{d.status ? ago(d.status.lastSyncAt, now) : '—'}</td>
                <td data-testid="device-pending">{d.status ? number(d.status.pendingWrites) : '—'}</td>
                <td data-testid="device-error">{d.status === null ? '—' : d.status.lastError ? t('lastError', { message: message({ ...d.status.lastError, origin: 'server' }), code: d.status.lastError.code }) : t('noError')}</td>
                <td>
                  {d.revoked ? (
                    <span className="badge" data-testid="device-revoked">
                      {t('revoked')}
                    </span>
                  ) : d.id === session.settings.deviceId ? null : confirming === d.id ? (
                    <span className="confirm">
                      {t('revokeAsk', { name: d.name })}{' '}
                      <button type="button" className="danger" data-testid="device-revoke-confirm" onClick={() => background(revoke(d.id), 'revoking a device')}>
                        {t('revokeConfirm')}
                      </button>{' '}
                      <button type="button" className="quiet" onClick={() => setConfirming(null)}>
                        {t('keep')}
                      </button>
                    </span>
                  ) : (
                    <button type="button" data-testid="device-revoke" onClick={() => setConfirming(d.id)}>
                      {t('revokeStart')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
