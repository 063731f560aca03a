/**
 * Staff sign-in for counter devices: staff number (or badge scan) and PIN, checked by the catalog server when it
 * can be reached and otherwise against this device's own verifier (renderer/data/session.ts signInStaff). Signs out
 * after STAFF_IDLE_SIGN_OUT_MS without keyboard, pointer or touch input.
 */
import { useCallback, useEffect, useState } from 'react';
import { background } from '../util/background';
import { STAFF_IDLE_SIGN_OUT_MS } from '../../shared/staff';
import { useDataActions, useSyncStatus } from '../data/hooks';
import type { SignInResult } from '../data/session';
import { useUi } from '../state/ui';
import { useI18n } from '../i18n';
import { shellMessages } from './shell.messages';
import { focusScreen } from './a11y/screenFocus';

function useIdleSignOut(active: boolean, signOut: () => void): void {
  useEffect(() => {
    if (!active) return;
    let timer = setTimeout(signOut, STAFF_IDLE_SIGN_OUT_MS);
    const reset = (): void => {
      clearTimeout(timer);
      timer = setTimeout(signOut, STAFF_IDLE_SIGN_OUT_MS);
    };
    const events = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, reset, { passive: true, capture: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, reset, { capture: true });
    };
  }, [active, signOut]);
}

export function StaffArea(): React.JSX.Element {
  const staff = useUi((s) => s.staff);
  const signOutUi = useUi((s) => s.signOut);
  const { signOut: endSession } = useDataActions();
  const signOut = useCallback((): void => {
    if (staff) background(endSession(staff.id), 'staff sign-out');
    signOutUi();
  }, [staff, endSession, signOutUi]);
  useIdleSignOut(staff !== null, signOut);
  const { t } = useI18n(shellMessages);
  if (staff) {
    return (
      <div className="staff-area">
        <span className="staff-badge" data-testid="signed-in-staff" data-staff-id={staff.id}>
          {staff.name} <span className="muted">· {staff.role === 'manager' ? t('manager') : t('associate')}</span>
          {!staff.online && (
            <span className="muted" data-testid="signed-in-offline" title={t('signedOfflineTitle')}>
              {' '}
              · {t('signedOffline')}
            </span>
          )}
        </span>
        <button type="button" className="ghost" data-testid="sign-out" onClick={signOut}>
          {t('signOut')}
        </button>
      </div>
    );
  }
  return <SignInForm />;
}

function SignInForm(): React.JSX.Element {
  const { signIn } = useDataActions();
  const { staffSynced } = useSyncStatus();
  const storeSignIn = useUi((s) => s.signIn);
  const [identifier, setIdentifier] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { t } = useI18n(shellMessages);
  // Every refusal in the store's language (the data layer's English message is for logs and tests).
  const refusal = (result: Exclude<SignInResult, { ok: true }>): string => {
    switch (result.reason) {
      case 'needs-sync':
        return t('errNeedsSync');
      case 'no-match':
        return t('errNoMatch');
      case 'inactive':
        return t('errInactive');
      case 'not-available':
        return t('errNotAvailable');
      case 'needs-online':
        return t('errNeedsOnline');
      case 'no-pin':
        return t('errNoPin');
      case 'needs-reset':
        return t('errNeedsReset');
      case 'locked': {
        const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
        return seconds < 90 ? t('errLocked', { unit: 'seconds', count: seconds }) : t('errLocked', { unit: 'minutes', count: Math.ceil(seconds / 60) });
      }
    }
  };

  async function submit(): Promise<void> {
    setBusy(true);
    setError(null);
    const result = await signIn(identifier, pin);
    setBusy(false);
    setPin('');
    if (result.ok) {
      storeSignIn(result.staff);
      // The form that had focus is gone: the associate carries on in the screen (the focus rule, a11y/screenFocus).
      setTimeout(focusScreen, 0);
    } else setError(refusal(result));
  }

  return (
    <form
      className="signin"
      onSubmit={(e) => {
        e.preventDefault();
        submit().catch((err: unknown) => {
          setBusy(false);
          setError(String(err));
        });
      }}
    >
      <input data-testid="signin-staff" aria-label={t('staffLabel')} placeholder={t('staffPlaceholder')} value={identifier} onChange={(e) => setIdentifier(e.target.value)} autoComplete="off" spellCheck={false} size={12} />
      <input data-testid="signin-pin" aria-label={t('pinLabel')} placeholder={t('pinLabel')} type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" size={8} maxLength={12} />
      <button type="submit" data-testid="signin-submit" disabled={busy || identifier.trim() === '' || pin === ''}>
        {busy ? t('checking') : t('signIn')}
      </button>
      {!staffSynced && error === null && <span className="signin-hint muted">{t('signInNeedsSync')}</span>}
      {error !== null && (
        <span className="signin-error" role="alert" data-testid="signin-error">
          {error}
        </span>
      )}
    </form>
  );
}
