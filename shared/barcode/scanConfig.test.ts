import { describe, expect, it } from 'vitest';
import { parseRetailerScanConfig, scanConfigFor } from './scanConfig';
import { classifyScan } from './classify';
import { withCheckDigit } from '../gtin';

describe('retailer scan configuration', () => {
  it('accepts loyalty and variable-measure settings and the classifier then routes loyalty cards', () => {
    const parsed = parseRetailerScanConfig({
      loyalty: { textPrefix: 'LOY', digits: { min: 10, max: 10 }, ean13Prefixes: ['2999'] },
      variableMeasure: [{ prefixes: ['20', '21'], itemDigits: 5, valueDigits: 5, value: 'price', verifier: false, currency: 'EUR' }],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const config = scanConfigFor(parsed.config, 'EUR');
    expect(classifyScan('LOY0012345678', config)).toMatchObject({ kind: 'loyalty', cardNumber: '0012345678' });
    const card = withCheckDigit('299900001234');
    expect(classifyScan(card, config)).toMatchObject({ kind: 'loyalty', cardNumber: card });
    expect(classifyScan(withCheckDigit('201234501234'), config)).toMatchObject({ kind: 'product', source: 'variable-measure' });
  });

  it('refuses bad settings with every reason and keeps nothing', () => {
    const parsed = parseRetailerScanConfig({
      loyalty: { textPrefix: '1bad', digits: { min: 9, max: 3 }, ean13Prefixes: ['x'] },
      variableMeasure: [{ prefixes: ['40'], itemDigits: 5, valueDigits: 5, value: 'price', verifier: false }, { prefixes: ['20'], itemDigits: 4, valueDigits: 4, value: 'weight', verifier: false }],
      extra: 1,
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.join('\n')).toMatch(/extra/);
    expect(parsed.issues.join('\n')).toMatch(/textPrefix/);
    expect(parsed.issues.join('\n')).toMatch(/digits/);
    expect(parsed.issues.join('\n')).toMatch(/ean13Prefixes/);
    expect(parsed.issues.join('\n')).toMatch(/variableMeasure\[0\]\.prefixes/);
    expect(parsed.issues.join('\n')).toMatch(/variableMeasure\[1\].*must be 12/);
    expect(parseRetailerScanConfig(null).ok).toBe(false);
  });

  it('an empty configuration is valid and classifies as before', () => {
    const parsed = parseRetailerScanConfig({});
    expect(parsed).toEqual({ ok: true, config: {} });
  });
});
