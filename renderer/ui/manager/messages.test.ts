import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../i18n';
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
