/**
 * A refused GS1 or in-store code is said in the store's language all the way down: the parser's reason is data
 * (shared/barcode Gs1Problem, VariableMeasureProblem) and renderer/scan/messages.ts says it — no English left inside a
 * French or German toast. Real scans through the real classifier.
 */
import { describe, expect, it } from 'vitest';
import { classifyScan, type ScanConfig } from '../../shared/barcode/classify';
import { encodeVariableMeasure, type VariableMeasureLayout } from '../../shared/barcode/variableMeasure';
import { createFormatter, localeSettingsFor, translator } from '../i18n';
import { refusalText, scanMessages } from './messages';

const PRICE: VariableMeasureLayout = { prefixes: ['21'], itemDigits: 5, verifier: true, valueDigits: 4, value: 'price', currency: 'EUR' };
const CONFIG: ScanConfig = { variableMeasure: [PRICE], currency: 'EUR', referenceYear: 2026 };

function toast(locale: string, text: string): string {
  const r = classifyScan(text, CONFIG);
  if (r.kind !== 'invalid' && r.kind !== 'unknown') throw new Error(`${text} was accepted as ${r.kind}`);
  return refusalText(r.why, translator(scanMessages, createFormatter(localeSettingsFor(null, locale))));
}

describe('GS1 and in-store refusals in the store’s language', () => {
  it('says a bad GS1 check digit, month and length in French and German', () => {
    expect(toast('fr-FR', '(01)09506000134353(17)270101')).toBe('données GS1 : (01) 09506000134353 : la clé de contrôle devrait être 2');
    expect(toast('de-DE', '(01)09506000134352(17)251301')).toBe('GS1-Daten: (17) Datum 251301 hat den Monat 13');
    expect(toast('fr-FR', '(01)0950600013435')).toBe('données GS1 : (01) doit faire 14 caractères, reçu 13');
    expect(toast('en-US', '(01)09506000134352(17)270230')).toBe('GS1 data (17) date 270230 has day 30; the month has 28');
  });

  it('says an in-store price code whose verifier digit is wrong', () => {
    const good = encodeVariableMeasure(PRICE, '21', '00042', 399);
    // Change the verifier digit (position 7) and recompute the EAN check digit, so only the verifier is wrong.
    const digits = good.slice(0, 7) + String((Number(good[7]) + 1) % 10) + good.slice(8, 12);
    const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
    const scan = digits + String((10 - (sum % 10)) % 10);
    expect(toast('de-DE', scan)).toMatch(/^die Preisprüfziffer müsste für 0399 \d sein, erhalten: \d$/);
    expect(toast('fr-FR', scan)).toMatch(/^la clé de prix devrait être \d pour 0399, reçu \d$/);
  });
});
