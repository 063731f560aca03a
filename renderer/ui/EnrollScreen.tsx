/** First run: connect this device to the catalog server with a one-time enrollment code. */
import { useState } from 'react';
import type { DeviceSettings } from '../../shared/ipc';
import { enroll, normaliseServerUrl } from '../data/enroll';
import { useI18n } from '../i18n';
import { shellMessages } from './shell.messages';
import { useErrorText } from './errors/useErrorText';

interface Props {
  defaultServerUrl: string;
  onEnrolled: (settings: DeviceSettings) => Promise<void>;
}

export function EnrollScreen({ defaultServerUrl, onEnrolled }: Props): React.JSX.Element {
  const [serverUrl, setServerUrl] = useState(defaultServerUrl);
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { t } = useI18n(shellMessages);
  const errorText = useErrorText();

  async function submit(): Promise<void> {
    setError(null);
    setBusy(true);
    try {
      const base = normaliseServerUrl(serverUrl);
      if (code.trim() === '') throw new Error(t('enrollNeedCode'));
      const name = deviceName.trim() || t('defaultDeviceName');
      const res = await enroll(base, code, name);
      await onEnrolled({ serverUrl: base, deviceId: res.deviceId, deviceName: name, storeId: res.storeId, storeName: res.storeName, role: res.role, token: res.token });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }

  return (
    <main className="enroll">
      <form
        className="card enroll-card"
        onSubmit={(e) => {
          e.preventDefault();
          submit().catch((err: unknown) => setError(String(err)));
        }}
      >
        <h1>
          <span className="logo">Aisle</span> {t('enrollTitle')}
        </h1>
        <p className="muted">{t('enrollIntro')}</p>
        <label>
          {t('enrollServer')}
          <input data-testid="enroll-server-url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="http://192.168.1.20:8787" autoComplete="url" inputMode="url" spellCheck={false} autoFocus data-screen-focus="" />
        </label>
        <label>
          {t('enrollCode')}
          <input data-testid="enroll-code" value={code} onChange={(e) => setCode(e.target.value)} placeholder="ABCD-1234" autoComplete="off" spellCheck={false} />
        </label>
        <label>
          {t('enrollDeviceName')}
          <input data-testid="enroll-device-name" value={deviceName} onChange={(e) => setDeviceName(e.target.value)} placeholder={t('enrollDeviceExample')} maxLength={120} />
        </label>
        {error !== null && (
          <p className="form-error" role="alert" data-testid="enroll-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary big" data-testid="enroll-submit" disabled={busy}>
          {busy ? t('enrollConnecting') : t('enrollSubmit')}
        </button>
      </form>
    </main>
  );
}
