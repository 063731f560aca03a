/** First run: connect this device to the catalog server with a one-time enrollment code. */
import { useState } from 'react';
import type { DeviceSettings } from '../../shared/ipc';
import { enroll, normaliseServerUrl } from '../data/enroll';

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

  async function submit(): Promise<void> {
    setError(null);
    setBusy(true);
    try {
      const base = normaliseServerUrl(serverUrl);
      if (code.trim() === '') throw new Error('Enter the enrollment code shown by the catalog server or your manager.');
      const name = deviceName.trim() || 'Aisle device';
      const res = await enroll(base, code, name);
      await onEnrolled({ serverUrl: base, deviceId: res.deviceId, deviceName: name, storeId: res.storeId, storeName: res.storeName, role: res.role, token: res.token });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
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
          <span className="logo">Aisle</span> Set up this device
        </h1>
        <p className="muted">Connect to your store’s catalog server. After one sync, Aisle works without it.</p>
        <label>
          Catalog server address
          <input data-testid="enroll-server-url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="http://192.168.1.20:8787" autoComplete="url" inputMode="url" spellCheck={false} autoFocus />
        </label>
        <label>
          Enrollment code
          <input data-testid="enroll-code" value={code} onChange={(e) => setCode(e.target.value)} placeholder="ABCD-1234" autoComplete="off" spellCheck={false} />
        </label>
        <label>
          Device name
          <input data-testid="enroll-device-name" value={deviceName} onChange={(e) => setDeviceName(e.target.value)} placeholder="Counter 1" maxLength={120} />
        </label>
        {error !== null && (
          <p className="form-error" role="alert" data-testid="enroll-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary big" data-testid="enroll-submit" disabled={busy}>
          {busy ? 'Connecting…' : 'Enroll device'}
        </button>
      </form>
    </main>
  );
}
