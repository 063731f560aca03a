/**
 * Boot: read the enrollment from the desktop; without one show the enrollment screen, with one open the local
 * database and replication (never waiting for the server) and show the app.
 *
 * Cold start (docs/performance.md): this module and what it imports statically are all that runs before the first
 * screen. The session's code (RxDB, replication) and the app frame are separate chunks. An enrolled counter first
 * restores the search index from its snapshot and shows EarlyCounter, which answers searches from it
 * (renderer/data/earlySearch.ts); then the session's code runs and its database opens (its fetch began when
 * this module started: sessionPreload.ts), and the app frame replaces EarlyCounter once the session's
 * indexes have caught up. Nothing imported here may import RxDB.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceSettings } from '../../shared/ipc';
import { getDesktopApi } from '../host/desktopApi';
import { SessionContext } from '../data/context';
import type { AisleSession, openSession } from '../data/session';
import type { Shell } from './Shell';
import type { EnrollScreen } from './EnrollScreen';
import { startEarlySearch, type EarlySearch } from '../data/earlySearch';
import { useUi } from '../state/ui';
import { EarlyCounter } from './EarlyCounter';
import { preloadSessionCode } from './sessionPreload';
import { background } from '../util/background';
import { useI18n } from '../i18n/I18nProvider';
import { appMessages } from './App.messages';

type ShellComponent = typeof Shell;
type EnrollComponent = typeof EnrollScreen;
type SessionCode = [{ openSession: typeof openSession }, { Shell: ShellComponent }];

/** The session's code and the app frame, loaded once (the first call starts both fetches). */
let sessionCode: Promise<SessionCode> | null = null;
function loadSessionCode(): Promise<SessionCode> {
  sessionCode ??= Promise.all([import('../data/session'), import('./Shell')]);
  return sessionCode;
}

/**
 * The longest the app frame waits for the indexes' catch-up once the session is open (a catch-up of many changes,
 * after a long time closed, can take seconds; prices and the product page should not wait for it).
 */
const SHELL_AFTER_INDEXES_AT_MOST_MS = 1500;

/** Resolves when `work` settles (either way: the session reports its own failures) or after `ms`, whichever is first. */
function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    work.then(done, done);
  });
}

type Boot =
  | { state: 'loading' }
  | { state: 'starting'; settings: DeviceSettings; early: EarlySearch; session: Promise<AisleSession> }
  | { state: 'enroll'; defaultServerUrl: string; EnrollScreen: EnrollComponent }
  | { state: 'open'; session: AisleSession; Shell: ShellComponent }
  | { state: 'failed'; message: string };

export function App(): React.JSX.Element {
  const api = getDesktopApi();
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const started = useRef(false);
  const { t } = useI18n(appMessages);

  const open = useCallback(
    async (settings: DeviceSettings, early: EarlySearch | null) => {
      // With a snapshot to answer from, the session's code is loaded once the start-up screen shows the restored
      // index: evaluating RxDB's code and opening its database would otherwise share the renderer thread with the
      // restore and the first answer.
      const opening = (early ? early.shown : Promise.resolve())
        .then(loadSessionCode)
        .then(async ([{ openSession }, { Shell }]) => {
          const session = await openSession(settings, api, early);
          // The start-up screen already answers from the restored index: the app frame waits until the session's
          // indexes have caught up with the database (SHELL_AFTER_INDEXES_AT_MOST_MS at most). Mounting it first put
          // its render and its queries' subscriptions (~0.4 s of the renderer's CPU) between the database open and
          // the catch-up's IndexedDB callbacks, so the session's search answered later (docs/performance.md).
          if (early && (await early.restored)) {
            await settledWithin(Promise.all([session.searchIndex.ready, session.barcodes.ready]), SHELL_AFTER_INDEXES_AT_MOST_MS);
          }
          return { session, Shell };
        });
      // A counter with a search snapshot answers from it while the session opens (a kiosk's first screen differs).
      if (early) setBoot({ state: 'starting', settings, early, session: opening.then((o) => o.session) });
      try {
        const { session, Shell } = await opening;
        setBoot({ state: 'open', session, Shell });
      } catch (error) {
        setBoot({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    },
    [api],
  );

  const showEnroll = useCallback(async () => {
    const [info, { EnrollScreen }] = await Promise.all([api.getAppInfo(), import('./EnrollScreen')]);
    setBoot({ state: 'enroll', defaultServerUrl: info.defaultServerUrl ?? '', EnrollScreen });
  }, [api]);

  useEffect(() => {
    // StrictMode runs effects twice in development; the database must be opened once.
    if (started.current) return;
    started.current = true;
    background(
      (async () => {
        const settings = await api.getDeviceSettings();
        // Enrolled: the session's code will be needed; fetch it now, run it later (sessionPreload.ts).
        if (settings) preloadSessionCode();
        if (settings) await open(settings, settings.role === 'counter' ? startEarlySearch(settings) : null);
        else await showEnroll();
      })(),
      'startup',
    );
  }, [api, open, showEnroll]);

  const onEnrolled = useCallback(
    async (settings: DeviceSettings) => {
      await api.saveDeviceSettings(settings);
      setBoot({ state: 'loading' });
      // Just enrolled: nothing synced yet, so no snapshot to start from.
      await open(settings, null);
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
    case 'starting':
      return <EarlyCounter settings={boot.settings} early={boot.early} session={boot.session} />;
    case 'enroll':
      return <boot.EnrollScreen defaultServerUrl={boot.defaultServerUrl} onEnrolled={onEnrolled} />;
    case 'open':
      return (
        <SessionContext.Provider value={boot.session}>
          <boot.Shell onReset={onReset} />
        </SessionContext.Provider>
      );
  }
}
