/**
 * Step 3: the return is recorded on this counter. Print the return receipt (desktop API, the device's paper
 * width, the store's language); the customer's e-mail is sent by the server when it has the return, and the
 * screen says whether that has happened yet (pending while offline).
 */
import { useState } from 'react';
import { useDeviceSettings, useStore, useSyncStatus } from '../../data/hooks';
import { useReturn, type Assessment, type RecordedReturn } from '../../data/returns';
import { foldReturn } from '../../../shared/returns';
import { getDesktopApi } from '../../host/desktopApi';
import { useFormat } from '../../i18n';
import { useUi } from '../../state/ui';
import { useErrorText } from '../errors/useErrorText';
import { returnReceiptHtml } from './receipt';
import { RefundSummary } from './RefundSummary';
import { useReturnText } from './useReturnText';

export function ReturnDone({ recorded, onNext }: { recorded: RecordedReturn; onNext: () => void }): React.JSX.Element {
  const errorText = useErrorText();
  const device = useDeviceSettings();
  const store = useStore(device.storeId);
  const staff = useUi((s) => s.staff);
  const format = useFormat();
  const { online } = useSyncStatus();
  const { t } = useReturnText();
  const [printing, setPrinting] = useState<string | null>(null);
  const units = recorded.draft.lines.reduce((n, l) => n + l.quantity, 0);
  // Live: the server's answer (completed, or flagged for the manager) arrives by replication.
  const live = useReturn(recorded.doc.id) ?? recorded.doc;
  // Once the server refunded, show its allocations (pending credit has become spendable credit).
  const refunded = foldReturn(live.events).refunded;
  const shown: Assessment = refunded ? { ...recorded.assessment, limits: [], refunds: refunded.allocations.map((a) => ({ ...a, brand: recorded.assessment.refunds.find((r) => r.originalIndex === a.originalIndex)?.brand ?? '', last4: recorded.assessment.refunds.find((r) => r.originalIndex === a.originalIndex)?.last4 ?? '' })) } : recorded.assessment;

  const print = (): void => {
    setPrinting(t('printing'));
    const api = getDesktopApi();
    api
      .getPrintSettings()
      .then((settings) => api.printHtml(returnReceiptHtml(recorded, { storeName: device.storeName, store: store ?? null, paper: settings.paper, staffName: staff?.name ?? '', deviceName: device.deviceName, printedAt: new Date().toISOString(), format })))
      .then(
        () => setPrinting(t('printed')),
        (error: unknown) => setPrinting(t('printFailed', { error: errorText(error) })),
      );
  };

  return (
    <section className="return-done" data-testid="return-done" data-return-id={live.id} data-status={live.status} aria-labelledby="return-done-title">
      <h1 id="return-done-title">{live.status === 'awaiting-approval' ? t('parkedTitle') : t('doneTitle', { count: units })}</h1>
      <p data-testid="return-done-sync" role="status">
        {live.status === 'awaiting-approval' ? t('parkedLead') : live.status === 'completed' ? t('doneCompleted') : live.status === 'flagged' ? t('doneFlagged') : online ? t('doneOnline') : t('doneOffline')}
      </p>
      <RefundSummary assessment={shown} online={online || refunded !== null} currency={live.currency} />
      <div className="return-actions">
        <button type="button" className="primary" data-testid="return-print" onClick={print} data-screen-focus="">
          {t('printReceipt')}
        </button>
        <button type="button" data-testid="return-next" onClick={onNext}>
          {t('nextReturn')}
        </button>
      </div>
      {printing && (
        <p className="muted small" role="status" data-testid="return-print-status">
          {printing}
        </p>
      )}
    </section>
  );
}
