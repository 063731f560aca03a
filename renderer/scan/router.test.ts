import { describe, expect, it } from 'vitest';
import type { Refusal } from './router';
import { createScanRouter } from './router';
import { formatMessage } from '../i18n';
import type { MessageKey, Translate } from '../i18n';
import { refusalText, scanMessages } from './messages';

function setup(): { router: ReturnType<typeof createScanRouter>; refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  return { router: createScanRouter(() => ({ referenceYear: 2026 }), (r) => refusals.push(r)), refusals };
}

describe('scan router', () => {
  it('delivers products to the product handler as GTIN-14', () => {
    const { router, refusals } = setup();
    const got: string[] = [];
    router.register('product', (scan) => {
      got.push(scan.gtin);
    });
    router.dispatch('4006381333931');
    expect(got).toEqual(['04006381333931']);
    expect(refusals).toEqual([]);
  });

  it('gives the newest handler of a kind the scan, and the previous one again after it unregisters', () => {
    const { router } = setup();
    const got: string[] = [];
    router.register('pickup', (s) => void got.push(`screen ${s.code}`));
    const off = router.register('pickup', (s) => void got.push(`dialog ${s.code}`));
    router.dispatch('AISLE:PU:AB12');
    off();
    router.dispatch('AISLE:PU:CD34');
    expect(got).toEqual(['dialog AB12', 'screen CD34']);
  });

  it('gives a bare pickup code to the screen expecting a pickup, and refuses it as unknown text elsewhere', () => {
    const { router, refusals } = setup();
    router.dispatch('VN2GEG2F7P');
    expect(refusals.map((r) => r.reason)).toEqual(['Read VN2GEG2F7P: not a product, pickup, receipt or loyalty code']);
    const got: string[] = [];
    router.register('pickup', (s) => void got.push(s.code));
    router.dispatch('vn2geg2f7p');
    router.dispatch('AISLE:PU:AB23');
    expect(got).toEqual(['VN2GEG2F7P', 'AB23']);
    expect(refusals).toHaveLength(1);
  });

  it('refuses invalid codes and kinds nobody takes, showing what was read', () => {
    const { router, refusals } = setup();
    router.dispatch('4006381333932');
    router.dispatch('AISLE:RC:ord-1');
    expect(refusals.map((r) => r.reason)).toEqual([
      'Read 4006381333932: check digit should be 1',
      'Read AISLE:RC:ord-1: a receipt, which this screen does not take',
    ]);
  });

  it('turns a failing handler into a refusal instead of losing the scan', async () => {
    const { router, refusals } = setup();
    router.register('product', async () => {
      throw new Error('not in this store’s catalog');
    });
    router.dispatch('4006381333931');
    await new Promise((r) => setTimeout(r, 0));
    expect(refusals[0]?.reason).toBe('Read 4006381333931: not in this store’s catalog');
  });
});

describe('scan refusals in the store’s language', () => {
  const say = (lang: 'en' | 'fr' | 'de', r: Refusal): string => {
    const t: Translate<MessageKey<typeof scanMessages>> = (key, values) => formatMessage(scanMessages, lang, lang, 'UTC', key, values);
    return t('readReason', { shown: r.shown, reason: refusalText(r.why, t) });
  };

  it('says in English exactly the reason the router logs, and in French and German their own words', async () => {
    const { router, refusals } = setup();
    router.dispatch('4006381333932');
    router.dispatch('AISLE:RC:ord-1');
    router.dispatch('26500000005');
    router.register('product', async () => {
      throw new Error('Pas sur cette commande');
    });
    router.dispatch('4006381333931');
    router.refuse('abc', 'Read abc: only 3 characters came in (a scan has at least 6)', { code: 'burstTooShort', count: 3, min: 6 });
    await new Promise((r) => setTimeout(r, 0));
    expect(refusals.map((r) => say('en', r))).toEqual(refusals.map((r) => r.reason));
    expect(refusals.map((r) => say('fr', r))).toEqual([
      'Lu 4006381333932 : la clé de contrôle devrait être 1',
      'Lu AISLE:RC:ord-1 : un ticket, que cet écran ne prend pas',
      'Lu 26500000005 : 11 chiffres : ce n’est pas un code produit (GTIN-8, -12, -13 ou -14)',
      'Lu abc : seulement 3 caractères reçus (un scan en a au moins 6)',
      'Lu 4006381333931 : Pas sur cette commande',
    ]);
    expect(say('de', refusals[0]!)).toBe('Gelesen 4006381333932: die Prüfziffer müsste 1 sein');
  });

  it('words a handler’s failure with the app’s error texts when given them', async () => {
    const refusals: Refusal[] = [];
    const router = createScanRouter(() => ({ referenceYear: 2026 }), (r) => refusals.push(r), (error) => `dit : ${error instanceof Error ? error.name : 'autre'}`);
    router.register('product', () => Promise.reject(new TypeError('english words')));
    router.dispatch('4006381333931');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(refusals.map((r) => r.why)).toEqual([{ code: 'handler', message: 'dit : TypeError' }]);
  });
});
