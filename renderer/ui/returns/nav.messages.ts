/** The counter navigation's Returns tab (its own bundle, so the shared shell bundle stays untouched). */
import { defineMessages } from '../../i18n';

export const returnNavMessages = defineMessages({
  en: { navReturns: 'Returns' },
  fr: { navReturns: 'Retours' },
  de: { navReturns: 'Retouren' },
});
