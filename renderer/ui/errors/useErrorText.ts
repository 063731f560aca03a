/** `const errorText = useErrorText(); … {errorText(error)}` — see ./errorText.ts for what is translated and why. */
import { useCallback } from 'react';
import { useI18n } from '../../i18n';
import { describeError } from './errorText';
import { errorMessages } from './messages';

export function useErrorText(): (error: unknown) => string {
  const i18n = useI18n(errorMessages);
  return useCallback((error: unknown) => describeError(error, i18n.t, i18n), [i18n]);
}
