/**
 * Boot: read the enrollment from the desktop; without one show the enrollment screen, with one open the local
 * database and replication (never waiting for the server) and show the app.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceSettings } from '../../shared/ipc';
import { getDesktopApi } from '../host/desktopApi';
import { SessionContext } from '../data/context';
import { openSession, type AisleSession } from '../data/session';
import { useUi } from '../state/ui';
import { EnrollScreen } from './EnrollScreen';
import { Shell } from './Shell';
import { background } from '../util/background';
import { useI18n } from '../i18n';
import { appMessages } from './App.messages';

type Boot =
  | { state: 'loading' }
  | { state: 'enroll'; defaultServerUrl: string }
  | { state: 'open'; session: AisleSession }
  | { state: 'failed'; message: string };

export function App(): React.JSX.Element {
  const api = getDesktopApi();
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const started = useRef(false);
  const { t } = useI18n(appMessages);

  const open = useCallback(
    async (settings: DeviceSettings) => {
      try {
        setBoot({ state: 'open', session: await openSession(settings, api) });
      } catch (error) {
        setBoot({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    },
    [api],
  );

  const showEnroll = useCallback(async () => {
    const info = await api.getAppInfo();
    setBoot({ state: 'enroll', defaultServerUrl: info.defaultServerUrl ?? '' });
  }, [api]);

  useEffect(() => {
    // StrictMode runs effects twice in development; the database must be opened once.
    if (started.current) return;
    started.current = true;
    background(
      (async () => {
        const settings = await api.getDeviceSettings();
        if (settings) await open(settings);
        else await showEnroll();
      })(),
      'startup',
    );
  }, [api, open, showEnroll]);

  const onEnrolled = useCallback(
    async (settings: DeviceSettings) => {
      await api.saveDeviceSettings(settings);
      setBoot({ state: 'loading' });
      await open(settings);
    },
    [api, open],
  );

  const onReset = useCallback(async () => {
    useUi.getState().reset();
    await showEnroll();
  }, [showEnroll]);

  switch (boot.state) {
    case 'loading':
      return (
        <div className="boot" role="status">
          {t('opening')}
        </div>
      );
    case 'failed':
      return (
        <div className="boot boot-failed" role="alert">
          <h1>{t('failedTitle')}</h1>
          <p>{boot.message}</p>
        </div>
      );
    case 'enroll':
      return <EnrollScreen defaultServerUrl={boot.defaultServerUrl} onEnrolled={onEnrolled} />;
    case 'open':
      return (
        <SessionContext.Provider value={boot.session}>
          <Shell onReset={onReset} />
        </SessionContext.Provider>
      );
  }
}
