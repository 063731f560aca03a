/**
 * <CameraScanner onScan={…}/>: live preview with a region-of-interest frame, camera picker, torch toggle
 * where the camera has one, a beep and a green flash on each accepted read. Decoding runs in a Web Worker
 * (CameraSession); the camera is released on unmount and whenever the page is hidden. Repeated reads of
 * the same code within `dedupeMs` are dropped. To route reads like wedge scans:
 *   const router = useScanRouter();
 *   <CameraScanner onScan={(o) => router.dispatch({ text: o.text, format: o.format, symbologyId: o.symbologyId })} />
 */
import { useEffect, useRef, useState } from 'react';
import type { DecodedFormat } from '../../../shared/barcode/formats';
import type { DecodeOutcome } from '../engine/types';
import { beep } from './feedback';
import { cameraErrorKey } from './errors';
import type { CameraTiming, RoiFraction } from './session';
import { CameraSession, DEFAULT_ROI, listCameras } from './session';
import '../scan.css';
import { useI18n } from '../../i18n';
import { scanMessages } from '../messages';

export interface CameraScannerProps {
  readonly onScan: (outcome: DecodeOutcome, timing: CameraTiming) => void;
  readonly roi?: RoiFraction;
  readonly dedupeMs?: number;
  readonly sound?: boolean;
  readonly formats?: readonly DecodedFormat[];
  readonly className?: string;
  /** Aiming advice shown only while the camera is live (never next to an error). */
  readonly hint?: string;
}

export function CameraScanner({ onScan, roi = DEFAULT_ROI, dedupeMs = 3000, sound = true, formats, className, hint }: CameraScannerProps): React.JSX.Element {
  const videoRef = useRef<HTMLVideoElement>(null);
  const sessionRef = useRef<CameraSession | null>(null);
  const onScanRef = useRef(onScan);
  useEffect(() => {
    onScanRef.current = onScan;
  });
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState<string | undefined>(undefined);
  const [torch, setTorch] = useState<{ supported: boolean; on: boolean }>({ supported: false, on: false });
  const { t } = useI18n(scanMessages);
  const tRef = useRef(t);
  tRef.current = t;
  const [status, setStatus] = useState<string>(() => t('starting'));
  const [failed, setFailed] = useState(false);
  const [hit, setHit] = useState(0);
  const formatsKey = formats?.join(',') ?? '';

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const session = new CameraSession({
      video,
      roi,
      dedupeMs,
      ...(deviceId ? { deviceId } : {}),
      ...(formatsKey ? { formats: formatsKey.split(',').filter((f): f is DecodedFormat => f !== '') } : {}),
      onResult: (outcome, timing) => {
        if (sound) beep();
        setHit((n) => n + 1);
        onScanRef.current(outcome, timing);
      },
      onError: (message) => setStatus(message),
      onOpen: (info) => {
        setStatus('');
        setFailed(false);
        setTorch({ supported: info.torch, on: false });
        // Labels are only filled in once the user has granted the camera, so list devices after opening.
        listCameras().then(setCameras, () => setCameras([]));
      },
    });
    sessionRef.current = session;
    session.start().catch((error: unknown) => {
      setFailed(true);
      setStatus(tRef.current(cameraErrorKey(error)));
    });
    return () => {
      session.stop();
      sessionRef.current = null;
    };
  }, [deviceId, dedupeMs, sound, formatsKey, roi]);

  // The green flash lasts a moment after each accepted read.
  const [flash, setFlash] = useState(false);
  useEffect(() => {
    if (hit === 0) return;
    setFlash(true);
    const t = setTimeout(() => setFlash(false), 400);
    return () => clearTimeout(t);
  }, [hit]);

  const toggleTorch = (): void => {
    const next = !torch.on;
    sessionRef.current?.setTorch(next).then(
      (ok) => setTorch({ supported: ok, on: ok && next }),
      () => setTorch({ supported: false, on: false }),
    );
  };

  return (
    <>
    <div className={`scan-camera${flash ? ' scan-hit' : ''}${failed ? ' scan-camera-failed' : ''}${className ? ` ${className}` : ''}`} data-testid="camera-scanner" data-camera={failed ? 'unavailable' : status ? 'starting' : 'live'}>
      <video ref={videoRef} muted playsInline aria-label={t('preview')} hidden={failed} />
      {!failed && <div className="scan-camera-roi" style={{ left: `${roi.x * 100}%`, top: `${roi.y * 100}%`, width: `${roi.width * 100}%`, height: `${roi.height * 100}%` }} />}
      {status && (
        <div className="scan-camera-status" role="status" data-testid="camera-status">
          {status}
        </div>
      )}
      <div className="scan-camera-controls">
        {cameras.length > 1 && (
          <select aria-label={t('camera')} value={deviceId ?? ''} onChange={(e) => setDeviceId(e.target.value || undefined)}>
            <option value="">{t('defaultCamera')}</option>
            {cameras.map((c, i) => (
              <option key={c.deviceId} value={c.deviceId}>
                {c.label || t('cameraN', { n: i + 1 })}
              </option>
            ))}
          </select>
        )}
        {torch.supported && (
          <button type="button" aria-pressed={torch.on} onClick={toggleTorch}>
            {torch.on ? t('lightOff') : t('lightOn')}
          </button>
        )}
      </div>
    </div>
    {hint && !status && <p className="muted camera-hint">{hint}</p>}
    </>
  );
}
