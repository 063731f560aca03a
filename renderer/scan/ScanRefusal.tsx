/**
 * The toast shown when a scan is not used: it quotes what was read and says why, so an associate can tell
 * a smudged label from a code Aisle does not take. It announces itself (role="alert") for screen readers
 * and goes away after a few seconds or when dismissed; a new refusal replaces the old one.
 */
import { useEffect, useRef } from 'react';
import type { Refusal } from './router';
import './scan.css';
import { useI18n } from '../i18n';
import { refusalText, scanMessages } from './messages';

export interface ScanRefusalProps {
  readonly refusal: Refusal | null;
  readonly onDismiss: () => void;
  readonly timeoutMs?: number;
}

export function ScanRefusal({ refusal, onDismiss, timeoutMs = 6000 }: ScanRefusalProps): React.JSX.Element | null {
  const id = refusal?.id;
  // The timer restarts per refusal, not whenever the parent re-creates onDismiss.
  const dismiss = useRef(onDismiss);
  const { t } = useI18n(scanMessages);
  useEffect(() => {
    dismiss.current = onDismiss;
  });
  useEffect(() => {
    if (id === undefined) return;
    const timer = setTimeout(() => dismiss.current(), timeoutMs);
    return () => clearTimeout(timer);
  }, [id, timeoutMs]);
  if (!refusal) return null;
  return (
    <div className="scan-refusal" role="alert" data-testid="scan-refusal">
      <div className="scan-refusal-title">{t('notUsed')}</div>
      <div className="scan-refusal-reason">{t('readReason', { shown: refusal.shown, reason: refusalText(refusal.why, t) })}</div>
      <button type="button" className="scan-refusal-dismiss" onClick={onDismiss} aria-label={t('dismiss')}>
        ×
      </button>
    </div>
  );
}
