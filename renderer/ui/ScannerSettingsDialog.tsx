/**
 * Counter devices: the USB scanner's settings for this machine (renderer/state/scannerSettings.ts). Most
 * scanners work with the defaults; slow Bluetooth scanners need a longer key gap, and scanners programmed
 * with a prefix or suffix are told here. A test field shows whether a read is taken as a scan.
 */
import { useState } from 'react';
import { parseScannerSettings, useScannerSettings, type ScannerSettings } from '../state/scannerSettings';
import { useI18n } from '../i18n';
import { shellMessages } from './shell.messages';
import { Dialog } from './a11y/Dialog';

export function ScannerSettingsButton(): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const { t } = useI18n(shellMessages);
  return (
    <>
      <button type="button" className="ghost" data-testid="scanner-settings-open" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {t('scanner')}
      </button>
      {open && <ScannerSettingsDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function ScannerSettingsDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const saved = useScannerSettings((s) => s.settings);
  const save = useScannerSettings((s) => s.save);
  const [draft, setDraft] = useState<ScannerSettings>(saved);
  const set = <K extends keyof ScannerSettings>(key: K, value: ScannerSettings[K]): void => setDraft((d) => ({ ...d, [key]: value }));
  const toggleTerminator = (key: 'Enter' | 'Tab', on: boolean): void => set('terminators', on ? [...new Set([...draft.terminators, key])] : draft.terminators.filter((x) => x !== key));
  const { t } = useI18n(shellMessages);
  return (
    <Dialog
      title={t('scannerTitle')}
      testId="scanner-settings"
      onClose={onClose}
      onSubmit={() => {
        save(parseScannerSettings(draft));
        onClose();
      }}
    >
        <label className="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} /> {t('scannerEnabled')}
        </label>
        <label>
          {t('scannerGap')}
          <input type="number" min={5} max={200} value={draft.maxInterKeyMs} onChange={(e) => set('maxInterKeyMs', Number(e.target.value))} data-testid="scanner-gap" />
        </label>
        <label>
          {t('scannerMinLength')}
          <input type="number" min={3} max={64} value={draft.minLength} onChange={(e) => set('minLength', Number(e.target.value))} />
        </label>
        <label>
          {t('scannerPrefix')}
          <input value={draft.prefix} maxLength={8} onChange={(e) => set('prefix', e.target.value)} />
        </label>
        <label>
          {t('scannerSuffix')}
          <input value={draft.suffix} maxLength={8} onChange={(e) => set('suffix', e.target.value)} />
        </label>
        <fieldset>
          <legend>{t('scannerEndsWith')}</legend>
          <label className="check">
            <input type="checkbox" checked={draft.terminators.includes('Enter')} onChange={(e) => toggleTerminator('Enter', e.target.checked)} /> {t('keyEnter')}
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.terminators.includes('Tab')} onChange={(e) => toggleTerminator('Tab', e.target.checked)} /> {t('keyTab')}
          </label>
        </fieldset>
        <p className="muted">{t('scannerDamaged')}</p>
        <div className="dialog-actions">
          <button type="button" className="ghost" onClick={onClose}>
            {t('cancel')} <kbd>Esc</kbd>
          </button>
          <button type="submit" data-testid="scanner-settings-save">
            {t('save')}
          </button>
        </div>
    </Dialog>
  );
}
