/**
 * Counter devices: this machine's receipt printer, paper width and silent printing (shared/ipc.ts PrintSettings,
 * kept by the host). In Electron the list comes from the OS; the browser host lists none and never prints
 * silently — its own print dialog chooses — so only the paper width applies there.
 */
import { useEffect, useState } from 'react';
import type { PrintSettings, PrinterInfo } from '../../shared/ipc';
import { DEFAULT_PRINT_SETTINGS } from '../../shared/ipc';
import { getDesktopApi } from '../host/desktopApi';
import { useErrorText } from './errors/useErrorText';
import { useI18n } from '../i18n';
import { printingMessages } from './printing.messages';
import { Dialog } from './a11y/Dialog';

export function PrinterSettingsButton(): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const { t } = useI18n(printingMessages);
  return (
    <>
      <button type="button" className="ghost" data-testid="printer-settings-open" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {t('printer')}
      </button>
      {open && <PrinterSettingsDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function PrinterSettingsDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const errorText = useErrorText();
  const { t } = useI18n(printingMessages);
  const [draft, setDraft] = useState<PrintSettings | null>(null);
  const [printers, setPrinters] = useState<PrinterInfo[] | null>(null);
  const [browser, setBrowser] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const api = getDesktopApi();
    let live = true;
    Promise.all([api.getAppInfo(), api.getPrintSettings(), api.listPrinters()]).then(
      ([info, settings, list]) => {
        if (!live) return;
        setBrowser(info.host === 'browser');
        setDraft(settings);
        setPrinters(list);
      },
      (e: unknown) => {
        if (!live) return;
        setDraft(DEFAULT_PRINT_SETTINGS);
        setPrinters([]);
        setError(errorText(e));
      },
    );
    return () => {
      live = false;
    };
  }, []);
  const set = <K extends keyof PrintSettings>(key: K, value: PrintSettings[K]): void => setDraft((d) => (d ? { ...d, [key]: value } : d));
  return (
    <Dialog
      title={t('printerTitle')}
      testId="printer-settings"
      onClose={onClose}
      onSubmit={() => {
        if (!draft) return;
        getDesktopApi()
          .savePrintSettings(draft)
          .then(onClose, (e: unknown) => setError(t('saveFailed', { error: errorText(e) })));
      }}
    >
      {draft === null || printers === null ? (
        <p className="muted">{t('loading')}</p>
      ) : (
        <>
          {browser ? (
            <p className="muted">{t('printerBrowser')}</p>
          ) : (
            <label>
              {t('printerLabel')}
              <select value={draft.printerName ?? ''} onChange={(e) => set('printerName', e.target.value || null)} data-testid="printer-name">
                <option value="">{t('printerDefault')}</option>
                {printers.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.displayName}
                  </option>
                ))}
              </select>
            </label>
          )}
          <fieldset>
            <legend>{t('paperLabel')}</legend>
            <label className="check">
              <input type="radio" name="paper" checked={draft.paper === '80mm'} onChange={() => set('paper', '80mm')} data-testid="paper-80mm" /> {t('paper80')}
            </label>
            <label className="check">
              <input type="radio" name="paper" checked={draft.paper === 'a4'} onChange={() => set('paper', 'a4')} data-testid="paper-a4" /> {t('paperA4')}
            </label>
          </fieldset>
          <label className="check">
            <input type="checkbox" checked={draft.silent && !browser} disabled={browser} onChange={(e) => set('silent', e.target.checked)} data-testid="print-silent" /> {t('silentLabel')}
          </label>
          {browser && <p className="muted small">{t('silentBrowser')}</p>}
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="ghost" onClick={onClose}>
          {t('cancel')} <kbd>Esc</kbd>
        </button>
        <button type="submit" data-testid="printer-settings-save" disabled={draft === null}>
          {t('save')}
        </button>
      </div>
    </Dialog>
  );
}
