/**
 * Step 2 of a return: what comes back. Each item is scanned (matched to its order line by GTIN; a receiptless
 * return adds the scanned product) or counted by hand; every line takes a reason and a condition (what happens to
 * the unit here). The policy verdict of each line is shown in words, the refund per tender below, and the offline
 * limits that apply right now. A line that needs a manager is approved on the spot with the manager's PIN.
 */
import { useState } from 'react';
import { REFUND_CHOICES, type RefundChoice, type TenderProblemCode } from '../../../shared/returns';
import { useSession } from '../../data/context';
import { useVariantsById } from '../../data/hooks';
import { DISPOSITIONS, ITEM_CONDITIONS, RETURN_REASONS, type Assessment, type Disposition, type DraftLine, type ItemCondition, type LineAssessment, type ReturnDraft, type ReturnReason } from '../../data/returns';
import { useScanHandler } from '../../scan';
import { SCREEN_FOCUS_ATTR } from '../a11y/screenFocus';
import { useReturnText } from './useReturnText';
import { ReturnOrderHeader } from './ReturnOrderHeader';
import { RefundSummary, type CashAllowance } from './RefundSummary';

export interface ReturnPickProps {
  draft: ReturnDraft;
  assessment: Assessment;
  online: boolean;
  /** Where the refund goes: the original tenders (default), store credit, a gift card or cash. */
  choice: RefundChoice;
  onChoice: (c: RefundChoice) => void;
  /** Why the refund cannot go out as chosen (shared/returns planTenders), or null. */
  problem: TenderProblemCode | null;
  onChange: (lines: DraftLine[]) => void;
  onApprove: (override: boolean) => void;
  onComplete: () => void;
  /** Saves the return to wait for a manager (nothing refunded until approved). */
  onPark: () => void;
  onCancel: () => void;
  /** The manager who approved on the spot, and whether it overrides a refusal. */
  approval: { name: string; override: boolean } | null;
  busy: boolean;
  error: string | null;
  /** Offline: the cash this counter may still hand out (its share of the store's budget). */
  cash?: CashAllowance;
}

export function ReturnPick({ draft, assessment, online, choice, onChoice, problem, onChange, onApprove, onComplete, onPark, onCancel, approval, busy, error, cash }: ReturnPickProps): React.JSX.Element {
  const session = useSession();
  const { t } = useReturnText();
  const [notice, setNotice] = useState<string | null>(null);
  const sale = draft.start.kind === 'order' ? draft.start.found.sale : null;
  const variantIds = sale ? sale.lines.map((l) => l.variantId) : [];
  const variants = useVariantsById(variantIds);
  const lines = draft.lines;
  const currency = sale?.currency ?? assessment.total?.currency ?? 'USD';

  const setLine = (key: string, change: Partial<DraftLine>): void => onChange(lines.map((l) => (l.key === key ? { ...l, ...change } : l)));

  // Items scanned while this step is open are what comes back (the app-wide "open the product" waits meanwhile).
  useScanHandler('product', async (scan) => {
    if (sale) {
      const matching = sale.lines.filter((l) => variants?.get(l.variantId)?.gtin === scan.gtin);
      const line = matching.map((l) => lines.find((d) => d.key === l.id)).find((d) => d && d.quantity < (assessment.lines[d.key]?.returnable ?? 0));
      if (matching.length === 0) {
        const text = t('notOnOrder');
        setNotice(text);
        throw new Error(text);
      }
      if (!line) {
        const text = t('allScanned');
        setNotice(text);
        throw new Error(text);
      }
      setNotice(t('scannedLine', { title: line.title, count: line.quantity + 1 }));
      setLine(line.key, { quantity: line.quantity + 1 });
      return;
    }
    const found = await session.search.findByBarcode(scan.gtin);
    if (!found) throw new Error(t('unknownProduct'));
    const existing = lines.find((l) => l.variantId === found.variantId);
    if (existing) {
      setLine(existing.key, { quantity: existing.quantity + 1 });
      return;
    }
    const variant = await session.db.collections.variants?.findOne(found.variantId).exec();
    const product = await session.db.collections.products?.findOne(found.productId).exec();
    onChange([...lines, { key: found.variantId, orderLineId: '', variantId: found.variantId, productId: found.productId, sku: variant?.sku ?? '', title: product ? `${product.title}${variant && variant.title !== '' ? ` — ${variant.title}` : ''}` : found.variantId, category: product?.category ?? '', quantity: 1, reason: null, note: '', condition: 'new', disposition: 'restock' }]);
  });

  const picked = lines.filter((l) => l.quantity > 0);
  const refused = assessment.refused.length > 0;
  const blocked = assessment.blocked.length > 0;
  const needsManager = assessment.needsManager.length > 0;
  const approvedBy = approval?.name ?? null;
  const waiting = (needsManager && approval === null) || (refused && approval?.override !== true);
  const missingReason = picked.some((l) => l.reason === null || (l.reason === 'OTHER' && l.note.trim() === ''));
  const canComplete = picked.length > 0 && !waiting && !blocked && !missingReason && problem === null && !busy;

  return (
    <section className="return-pick" data-testid="return-pick" data-needs-manager={needsManager} data-refused={refused} aria-labelledby="return-pick-title">
      <h1 id="return-pick-title">{sale ? t('pickTitle', { number: sale.orderNumber }) : t('receiptlessTitle')}</h1>
      {draft.start.kind === 'order' ? <ReturnOrderHeader found={draft.start.found} /> : <p data-testid="return-customer">{t('receiptlessFor', { name: draft.start.customerName })}</p>}
      <p className="return-scan-prompt card">
        <strong>{t('scanItems')}</strong> {sale ? t('scanItemsHint') : t('scanItemsReceiptless')}
      </p>
      {notice && (
        <p className="muted" role="status" data-testid="return-scan-notice">
          {notice}
        </p>
      )}
      {lines.length === 0 ? (
        <p className="muted">{t('nothingYet')}</p>
      ) : (
        <ul className="return-lines">
          {lines.map((line, i) => (
            <ReturnLineRow key={line.key} line={line} first={i === 0} info={assessment.lines[line.key]} onChange={(c) => setLine(line.key, c)} />
          ))}
        </ul>
      )}
      {sale && (
        <fieldset className="refund-choice" data-testid="refund-choice">
          <legend>{t('refundChoice')}</legend>
          {REFUND_CHOICES.map((c) => (
            <label key={c}>
              <input type="radio" name="refund-choice" value={c} checked={choice === c} onChange={() => onChoice(c)} data-testid={`refund-choice-${c}`} /> {t('choiceName', { choice: c.replace('-', '') })}
            </label>
          ))}
        </fieldset>
      )}
      <RefundSummary assessment={assessment} online={online} currency={currency} {...(cash ? { cash } : {})} />
      {problem && (
        <p className="form-error" role="alert" data-testid="refund-problem" data-problem={problem}>
          {t('tenderProblem', { problem })}
        </p>
      )}
      {blocked && <p className="form-error" data-testid="return-blocked">{t('blockedLines')}</p>}
      {error && (
        <p className="form-error" role="alert" data-testid="return-error">
          {error}
        </p>
      )}
      <div className="return-actions">
        {(needsManager || refused) && (
          <button type="button" className={approvedBy ? '' : 'primary'} data-testid="return-approve" onClick={() => onApprove(refused)} disabled={picked.length === 0 || blocked || missingReason || (approval !== null && (approval.override || !refused))}>
            {approvedBy ? t('approvedBy', { name: approvedBy }) : refused ? t('askOverride') : t('askManager')}
          </button>
        )}
        {(needsManager || refused) && approval === null && (
          <button type="button" data-testid="return-park" onClick={onPark} disabled={picked.length === 0 || blocked || missingReason || busy} title={t('parkHint')}>
            {t('park')}
          </button>
        )}
        <button type="button" className="primary big" data-testid="return-complete" onClick={onComplete} disabled={!canComplete}>
          {t('complete')}
        </button>
        <button type="button" className="ghost" data-testid="return-cancel" onClick={onCancel}>
          {t('startOver')}
        </button>
      </div>
      {picked.length > 0 && missingReason && <p className="muted small">{t('reasonFirst')}</p>}
    </section>
  );
}

function ReturnLineRow({ line, first, info, onChange }: { line: DraftLine; first: boolean; info: LineAssessment | undefined; onChange: (c: Partial<DraftLine>) => void }): React.JSX.Element {
  const { t, money } = useReturnText();
  const max = info?.returnable ?? 0;
  const id = `return-line-${line.key}`;
  const verdict = info?.verdict ?? { lineId: line.key, verdict: 'allowed' as const };
  return (
    <li className="return-line card" data-testid="return-line" data-line-key={line.key} data-quantity={line.quantity} data-verdict={line.quantity > 0 ? verdict.verdict : 'none'}>
      <div className="return-line-head">
        <strong id={`${id}-title`}>{line.title}</strong> <span className="sku-chip">{line.sku}</span>
        {line.orderLineId !== '' && <span className="muted">{t('returnable', { count: max })}</span>}
      </div>
      <div className="return-line-fields" role="group" aria-labelledby={`${id}-title`}>
        <div className="qty-stepper">
          <button type="button" aria-label={t('lessOf', { title: line.title })} data-testid="return-qty-minus" disabled={line.quantity === 0} onClick={() => onChange({ quantity: line.quantity - 1 })}>
            −
          </button>
          <output data-testid="return-qty" aria-label={t('quantityOf', { title: line.title })} {...(first ? { [SCREEN_FOCUS_ATTR]: '', tabIndex: -1 } : {})}>
            {line.quantity}
          </output>
          <button type="button" aria-label={t('moreOf', { title: line.title })} data-testid="return-qty-plus" disabled={line.quantity >= max} onClick={() => onChange({ quantity: line.quantity + 1 })}>
            +
          </button>
        </div>
        <label>
          {t('reason')}
          <select data-testid="return-reason" value={line.reason ?? ''} onChange={(e) => onChange({ reason: e.target.value === '' ? null : (e.target.value as ReturnReason) })}>
            <option value="">{t('chooseReason')}</option>
            {RETURN_REASONS.map((r) => (
              <option key={r} value={r}>
                {t('reasonName', { reason: r })}
              </option>
            ))}
          </select>
        </label>
        {line.reason === 'OTHER' && (
          <label>
            {t('note')}
            <input data-testid="return-note" value={line.note} maxLength={200} onChange={(e) => onChange({ note: e.target.value })} />
          </label>
        )}
        <label>
          {t('condition')}
          <select data-testid="return-condition" value={line.condition} onChange={(e) => onChange({ condition: e.target.value as ItemCondition })}>
            {ITEM_CONDITIONS.map((c) => (
              <option key={c} value={c}>
                {t('conditionName', { condition: c })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('disposition')}
          <select data-testid="return-disposition" value={line.disposition} onChange={(e) => onChange({ disposition: e.target.value as Disposition })}>
            {DISPOSITIONS.map((d) => (
              <option key={d} value={d}>
                {t('dispositionName', { disposition: d })}
              </option>
            ))}
          </select>
        </label>
        {info?.refund && line.quantity > 0 && <span className="num return-line-refund">{money(info.refund)}</span>}
      </div>
      {line.quantity > 0 && (
        <p className={`return-verdict verdict-${verdict.verdict}`} data-testid="return-verdict">
          {verdict.verdict === 'allowed' ? t('verdictAllowed') : verdict.verdict === 'needs-manager' ? t('verdictManager', { why: t('why', { code: verdict.code, ...verdict.params }) }) : t('verdictRefused', { why: t('why', { code: verdict.code, ...verdict.params }) })}
        </p>
      )}
    </li>
  );
}
