/**
 * The camera as a scanner, on counters and kiosks: a header button opens a live preview whose reads go through
 * the same scan router as the USB scanner (so a product opens its page, a pickup code its pickup). The panel
 * closes after a read the app took, and the camera is released whenever the panel closes. It is a Dialog
 * (a11y/Dialog.tsx): focus moves in, Escape closes it, focus returns to the button.
 */
import { useState } from 'react';
import { CameraScanner, useScanRouter } from '../scan';
import { useI18n } from '../i18n';
import { shellMessages } from './shell.messages';
import { Dialog } from './a11y/Dialog';
import { Kbd, useShortcut } from './a11y/Shortcut';

export function CameraToggle({ big = false }: { big?: boolean }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const router = useScanRouter();
  const { t } = useI18n(shellMessages);
  // Kiosks take touch, not shortcuts.
  useShortcut(big ? null : 'Alt+C', () => setOpen((o) => !o));
  return (
    <>
      <button type="button" className={big ? 'camera-toggle big' : 'camera-toggle ghost'} data-testid="camera-toggle" aria-pressed={open} aria-keyshortcuts={big ? undefined : 'Alt+C'} onClick={() => setOpen((o) => !o)}>
        {open ? t('cameraClose') : t('cameraOpen')} {!big && <Kbd combo="Alt+C" />}
      </button>
      {open && (
        <Dialog title={t('cameraDialog')} onClose={() => setOpen(false)} className="camera-panel" testId="camera-panel">
          <CameraScanner
            hint={t('cameraHint')}
            onScan={(outcome) => {
              const scan = router.dispatch({ text: outcome.text, format: outcome.format, ...(outcome.symbologyId ? { symbologyId: outcome.symbologyId } : {}) });
              // Invalid or unknown reads stay open (the refusal toast says why) so the customer can try again.
              if (scan.kind !== 'invalid' && scan.kind !== 'unknown') setOpen(false);
            }}
          />
          <button type="button" className="ghost" onClick={() => setOpen(false)} data-autofocus="">
            {t('close')} <kbd>Esc</kbd>
          </button>
        </Dialog>
      )}
    </>
  );
}
