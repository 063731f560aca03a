/**
 * Counter devices: the USB scanner's settings for this machine (renderer/state/scannerSettings.ts). Most
 * scanners work with the defaults; slow Bluetooth scanners need a longer key gap, and scanners programmed
 * with a prefix or suffix are told here. A test field shows whether a read is taken as a scan.
 */
import { useState } from 'react';
import { parseScannerSettings, useScannerSettings, type ScannerSettings } from '../state/scannerSettings';

export function ScannerSettingsButton(): React.JSX.Element {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="ghost" data-testid="scanner-settings-open" onClick={() => setOpen(true)}>
        Scanner
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
  const toggleTerminator = (t: 'Enter' | 'Tab', on: boolean): void => set('terminators', on ? [...new Set([...draft.terminators, t])] : draft.terminators.filter((x) => x !== t));
  return (
    <div className="dialog-backdrop" role="presentation" onClick={onClose}>
      <form
        className="dialog"
        role="dialog"
        aria-label="USB scanner settings"
        data-testid="scanner-settings"
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          save(parseScannerSettings(draft));
          onClose();
        }}
      >
        <h2>USB scanner on this device</h2>
        <label className="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} /> A USB scanner is connected (fast key bursts are scans)
        </label>
        <label>
          Longest gap between keys of one scan (ms)
          <input type="number" min={5} max={200} value={draft.maxInterKeyMs} onChange={(e) => set('maxInterKeyMs', Number(e.target.value))} data-testid="scanner-gap" />
        </label>
        <label>
          Shortest scan (characters)
          <input type="number" min={3} max={64} value={draft.minLength} onChange={(e) => set('minLength', Number(e.target.value))} />
        </label>
        <label>
          Prefix the scanner sends
          <input value={draft.prefix} maxLength={8} onChange={(e) => set('prefix', e.target.value)} />
        </label>
        <label>
          Suffix the scanner sends
          <input value={draft.suffix} maxLength={8} onChange={(e) => set('suffix', e.target.value)} />
        </label>
        <fieldset>
          <legend>A scan ends with</legend>
          <label className="check">
            <input type="checkbox" checked={draft.terminators.includes('Enter')} onChange={(e) => toggleTerminator('Enter', e.target.checked)} /> Enter
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.terminators.includes('Tab')} onChange={(e) => toggleTerminator('Tab', e.target.checked)} /> Tab
          </label>
        </fieldset>
        <p className="muted">Damaged label? Type the digits under the barcode into the search field and press Enter.</p>
        <div className="dialog-actions">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" data-testid="scanner-settings-save">
            Save
          </button>
        </div>
      </form>
    </div>
  );
}
