/**
 * The camera as a scanner, on counters and kiosks: a header button opens a live preview whose reads go through
 * the same scan router as the USB scanner (so a product opens its page, a pickup code its pickup). The panel
 * closes after a read the app took, and the camera is released whenever the panel closes.
 */
import { useState } from 'react';
import { CameraScanner, useScanRouter } from '../scan';

export function CameraToggle({ big = false }: { big?: boolean }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const router = useScanRouter();
  return (
    <>
      <button type="button" className={big ? 'camera-toggle big' : 'camera-toggle ghost'} data-testid="camera-toggle" aria-pressed={open} onClick={() => setOpen((o) => !o)}>
        {open ? 'Close camera' : 'Scan with camera'}
      </button>
      {open && (
        <div className="camera-panel" role="dialog" aria-label="Scan with the camera" data-testid="camera-panel">
          <CameraScanner
            hint="Hold the barcode inside the frame."
            onScan={(outcome) => {
              const scan = router.dispatch({ text: outcome.text, format: outcome.format, ...(outcome.symbologyId ? { symbologyId: outcome.symbologyId } : {}) });
              // Invalid or unknown reads stay open (the refusal toast says why) so the customer can try again.
              if (scan.kind !== 'invalid' && scan.kind !== 'unknown') setOpen(false);
            }}
          />
          <button type="button" className="ghost" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      )}
    </>
  );
}
