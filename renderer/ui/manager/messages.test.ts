import { describe, expect, it } from 'vitest';
import { createFormatter, formatMessage, type MessageKey, type MessageValues } from '../../i18n';
import type { ConflictEvent } from '../../../shared/conflicts/conflicts';
import { eventText, sideLabel } from './conflictWords';
import { managerAreaMessages } from './messages';

describe('manager area messages', () => {
  it('counts open conflicts with the language’s plurals, and keeps the English the e2e test reads', () => {
    const en = (count: number): string => formatMessage(managerAreaMessages, 'en', 'en-US', 'UTC', 'conflictsSignIn', { count });
    expect(en(1)).toBe('1 open conflict. Sign in to see them; a manager records the resolutions.');
    expect(en(0)).toMatch(/^No open conflicts\./);
    expect(formatMessage(managerAreaMessages, 'fr', 'fr-FR', 'UTC', 'conflictsSignIn', { count: 2 })).toMatch(/^2 conflits ouverts\./);
    expect(formatMessage(managerAreaMessages, 'de', 'de-DE', 'UTC', 'conflictsSignIn', { count: 1 })).toMatch(/^1 offener Konflikt\./);
  });

  it('says where a resolution was recorded', () => {
    const values = { name: 'Ada', when: '1 déc. 2026, 10:20', action: 'J’ai remboursé le client manuellement' };
    expect(formatMessage(managerAreaMessages, 'fr', 'fr-FR', 'UTC', 'resolvedBy', { ...values, where: 'here' })).toContain('sur ce comptoir');
    expect(formatMessage(managerAreaMessages, 'en', 'en-US', 'UTC', 'resolvedBy', { ...values, where: 'elsewhere' })).toContain('on another counter');
  });
});

describe('conflict sides', () => {
  const say = (lang: 'en' | 'fr' | 'de', locale: string) => ({
    t: (key: Parameters<typeof formatMessage<MessageKey<typeof managerAreaMessages>>>[4], values?: MessageValues) => formatMessage(managerAreaMessages, lang, locale, 'Europe/Paris', key, values),
    time: createFormatter({ locale, currency: 'EUR', timeZone: 'Europe/Paris', distanceUnit: 'kilometer' }),
  });
  const handedOver: ConflictEvent = { code: 'handedOver', at: '2026-03-02T10:00:00.000Z', collectedBy: 'Ada Lovelace', staff: 'Ada', device: 'Counter A', idChecked: true };
  const cancelled: ConflictEvent = { code: 'cancelled', at: '2026-03-02T10:01:00.000Z', by: 'customer', reason: 'changed my mind', staff: null, device: null };
  const picked: ConflictEvent = { code: 'picked', at: '2026-03-02T09:06:00.000Z', staff: 'Grace', quantity: 2, title: 'Linen shirt M', ordered: 1 };

  it('says each event in the language, with the time in the store’s zone', () => {
    const fr = say('fr', 'fr-FR');
    expect(eventText(handedOver, fr.t, fr.time)).toBe('11:00 remise à Ada Lovelace par Ada sur Counter A, pièce d’identité vérifiée.');
    expect(eventText(cancelled, fr.t, fr.time)).toBe('11:01 annulée par le client (« changed my mind »).');
    expect(eventText(picked, fr.t, fr.time)).toBe('10:06 Grace a prélevé 2 × Linen shirt M (1 commandé).');
    const de = say('de', 'de-DE');
    expect(eventText({ ...cancelled, reason: null, staff: 'Ada', device: 'Kasse 1' }, de.t, de.time)).toBe('11:01 storniert durch den Kunden, erfasst von Ada an Kasse 1.');
    expect(sideLabel({ code: 'counter' }, de.t)).toBe('An der Kasse');
    expect(sideLabel({ code: 'device', device: 'Kasse 2' }, de.t)).toBe('Kasse 2');
    const en = say('en', 'en-US');
    expect(eventText({ ...handedOver, idChecked: false }, en.t, en.time)).toBe('11:00 AM handed over to Ada Lovelace by Ada on Counter A.');
  });

  it('says a flagged return’s sides in the language: lines and tenders as lists, money in the store’s format', () => {
    const taken: ConflictEvent = { code: 'returnTaken', at: '2026-03-02T10:00:00.000Z', staff: 'Ada', device: 'Caisse 1', lines: [{ quantity: 1, title: 'Tee M' }, { quantity: 2, title: 'Socks' }], offline: true };
    const settled: ConflictEvent = { code: 'refundSettled', at: '2026-03-02T10:02:00.000Z', allocations: [{ tender: 'cash', amount: 1250, currency: 'EUR', pending: false }, { tender: 'store-credit', amount: 500, currency: 'EUR', pending: true }] };
    const fr = say('fr', 'fr-FR');
    expect(eventText(taken, fr.t, fr.time)).toBe('11:00 Ada sur Caisse 1 a repris 1 × Tee M et 2 × Socks, hors ligne.');
    expect(eventText(settled, fr.t, fr.time).replace(/\u202f|\u00a0/g, ' ')).toBe('11:02 remboursement réglé : 12,50 € en espèces et 5,00 € en avoir (en attente).');
    expect(eventText({ code: 'refundSettled', at: settled.at, allocations: [] }, fr.t, fr.time)).toBe('11:02 remboursement réglé : rien.');
    expect(sideLabel({ code: 'server' }, fr.t)).toBe('Le serveur');
    const de = say('de', 'de-DE');
    expect(eventText({ ...taken, offline: false }, de.t, de.time)).toBe('11:00 Ada an Caisse 1 hat 1 × Tee M und 2 × Socks zurückgenommen.');
  });
});
