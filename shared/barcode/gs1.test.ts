import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AI_SPECS, PREDEFINED_LENGTH, hasPredefinedLength } from './ais';
import type { AiSpec } from './ais';
import { GS } from './aim';
import { encodeGs1, gs1DateToIso, parseGs1, yearFromYY } from './gs1';
import { withCheckDigit } from '../gtin';

const REF = 2026;

describe('AI table', () => {
  it('is prefix-free, so the parser can read AIs greedily', () => {
    const ais = [...AI_SPECS.keys()];
    const clashes = ais.flatMap((a) => ais.filter((b) => a !== b && b.startsWith(a)).map((b) => `${a}<${b}`));
    expect(clashes).toEqual([]);
  });

  it('gives every predefined-length AI the length of GS1 Figure 7.8.5-2', () => {
    for (const spec of AI_SPECS.values()) {
      const total = PREDEFINED_LENGTH[spec.ai.slice(0, 2)];
      if (total !== undefined) {
        expect(spec.fixed, spec.ai).toBe(true);
        expect(spec.ai.length + spec.length, spec.ai).toBe(total);
      }
    }
  });
});

describe('parseGs1', () => {
  it('reads the GS1 example with GTIN, expiry, batch and serial', () => {
    const r = parseGs1(`]C101095060001343521725122510ABC123${GS}21XYZ`, { referenceYear: REF });
    expect(r).toEqual({
      ok: true,
      data: {
        ais: [
          { ai: '01', value: '09506000134352', meaning: 'GTIN' },
          { ai: '17', value: '251225', meaning: 'USE BY or EXPIRY' },
          { ai: '10', value: 'ABC123', meaning: 'BATCH/LOT' },
          { ai: '21', value: 'XYZ', meaning: 'SERIAL' },
        ],
        gtin: '09506000134352',
        expiry: '2025-12-25',
        batch: 'ABC123',
        serial: 'XYZ',
      },
    });
  });

  it('reads the human-readable form, weight and price', () => {
    const r = parseGs1('(01)09506000134352(3103)001250(3922)1299(10)L(7)', { currency: 'EUR', referenceYear: REF });
    expect(r.ok && r.data.weightKg).toBe(1.25);
    expect(r.ok && r.data.price).toEqual({ amount: 1299, currency: 'EUR' });
    expect(r.ok && r.data.batch).toBe('L(7)');
  });

  it('takes the currency of 393n from the data', () => {
    const r = parseGs1(`0109506000134352393297812345`, { referenceYear: REF });
    expect(r.ok && r.data.price).toEqual({ amount: 12345, currency: 'EUR' });
  });

  it('resolves day 00 to the last day of the month and refuses impossible dates', () => {
    expect(gs1DateToIso('240200', REF)).toEqual({ iso: '2024-02-29' });
    expect(gs1DateToIso('251301', REF)).toEqual({ reason: 'date 251301 has month 13', problem: { code: 'dateMonth', value: '251301', month: '13' } });
    expect(parseGs1('0109506000134352170230', { referenceYear: REF })).toMatchObject({ ok: false });
  });

  it('uses the GS1 sliding century window', () => {
    expect(yearFromYY(26, 2026)).toBe(2026);
    expect(yearFromYY(76, 2026)).toBe(2076);
    expect(yearFromYY(77, 2026)).toBe(1977);
    expect(yearFromYY(1, 2099)).toBe(2101);
  });

  it('refuses a GTIN with a wrong check digit, naming the right one', () => {
    const r = parseGs1('0109506000134353', { referenceYear: REF });
    expect(r).toEqual({ ok: false, reason: '(01) GTIN 09506000134353: check digit should be 2', problem: { code: 'checkDigit', ai: '01', value: '09506000134353', expected: 2 } });
  });

  it('refuses unknown AIs, short fixed fields and over-long variable fields', () => {
    expect(parseGs1('0109506000134', {}).ok).toBe(false);
    expect(parseGs1('9999', {}).ok).toBe(true); // AI 99 with data "99"
    expect(parseGs1('23ABC', {}).ok).toBe(false);
    expect(parseGs1('10' + 'A'.repeat(21), {}).ok).toBe(false);
  });
});

/** A valid value for an AI, built from its spec. */
function valueArb(spec: AiSpec, hriSafe: boolean): fc.Arbitrary<string> {
  if (spec.date) {
    return fc.record({ y: fc.integer({ min: 0, max: 99 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 0, max: 28 }) })
      .map(({ y, m, d }) => [y, m, d].map((v) => String(v).padStart(2, '0')).join(''));
  }
  if (spec.checkDigit) return fc.stringMatching(new RegExp(`^\\d{${spec.length - 1}}$`)).map(withCheckDigit);
  const min = spec.fixed ? spec.length : spec.iso3 ? 4 : 1;
  if (spec.charset === 'n') return fc.stringMatching(new RegExp(`^\\d{${min},${spec.length}}$`));
  const chars = hriSafe ? 'ABCXYZabcz0189-./_:;%&*+' : 'ABCXYZabcz0189-./_:;%&*+()!"\'<=>?,';
  return fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: spec.length }).map((a) => a.join(''));
}

function elementsArb(hriSafe: boolean): fc.Arbitrary<{ ai: string; value: string }[]> {
  const specs = [...AI_SPECS.values()];
  return fc.array(fc.constantFrom(...specs).chain((spec) => valueArb(spec, hriSafe).map((value) => ({ ai: spec.ai, value }))), { minLength: 1, maxLength: 6 });
}

describe('encodeGs1 ↔ parseGs1', () => {
  it('round-trips any valid element list in raw form, with or without an AIM identifier', () => {
    fc.assert(
      fc.property(elementsArb(false), fc.constantFrom('', ']C1', ']d2', ']Q3', ']e0'), (elements, aim) => {
        const text = encodeGs1(elements, { symbologyId: aim, referenceYear: REF });
        const r = parseGs1(text, { referenceYear: REF });
        expect(r.ok && r.data.ais.map(({ ai, value }) => ({ ai, value }))).toEqual(elements);
      }),
    );
  });

  it('round-trips in the human-readable form', () => {
    fc.assert(
      fc.property(elementsArb(true), (elements) => {
        const r = parseGs1(encodeGs1(elements, { form: 'hri', referenceYear: REF }), { referenceYear: REF });
        expect(r.ok && r.data.ais.map(({ ai, value }) => ({ ai, value }))).toEqual(elements);
      }),
    );
  });

  it('puts GS only after elements that need it, never at the end', () => {
    fc.assert(
      fc.property(elementsArb(false), (elements) => {
        const text = encodeGs1(elements, { referenceYear: REF });
        expect(text.endsWith(GS)).toBe(false);
        const needed = elements.slice(0, -1).filter((e) => !hasPredefinedLength(e.ai)).length;
        expect(text.split(GS).length - 1).toBe(needed);
      }),
    );
  });

  it('tolerates a leading FNC1 and a redundant GS after a fixed-length element', () => {
    const r = parseGs1(`${GS}01095060001343521${GS}7251225`, { referenceYear: REF });
    expect(r.ok).toBe(false); // the GS split "17" from its date: that is damage, not tolerance
    const ok = parseGs1(`${GS}0109506000134352${GS}17251225`, { referenceYear: REF });
    expect(ok.ok && ok.data.expiry).toBe('2025-12-25');
  });
});
