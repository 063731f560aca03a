import { describe, expect, it } from 'vitest';
import { createFormatter, translator } from '../../i18n';
import { nearestWithStock } from './KioskNearby';
import { kioskMessages } from './kiosk.messages';

const store = (storeId: string, distanceKm: number, available: number) => ({ storeId, storeName: `Aisle ${storeId}`, distanceKm, available, onHand: available });

describe('kiosk nearby availability', () => {
  it('names the nearest stores that have it, nearest first, never one without stock', () => {
    const best = nearestWithStock([store('far', 300, 5), store('empty', 2, 0), store('near', 65, 1), store('mid', 120, 3)]);
    expect(best.map((s) => s.storeId)).toEqual(['near', 'mid']);
    expect(nearestWithStock([store('empty', 2, 0)])).toEqual([]);
  });
  it('says it in customer words with the store’s distance unit (miles in the US, km elsewhere)', () => {
    const us = createFormatter({ locale: 'en-US', currency: 'USD', timeZone: 'America/New_York', distanceUnit: 'mile' });
    const fr = createFormatter({ locale: 'fr-FR', currency: 'EUR', timeZone: 'Europe/Paris', distanceUnit: 'kilometer' });
    expect(translator(kioskMessages, us)('availableAt', { store: 'Aisle Providence Westminster', distance: us.distance(65) })).toMatch(/^Available at Aisle Providence Westminster, 40 mi away$/);
    expect(translator(kioskMessages, fr)('availableAt', { store: 'Aisle Paris', distance: fr.distance(65) })).toMatch(/^Disponible à Aisle Paris, à 65\s?km$/);
  });
});
