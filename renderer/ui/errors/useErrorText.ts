/** `const errorText = useErrorText(); … {errorText(error)}` — see ./errorText.ts for what is translated and why. */
import { useCallback } from 'react';
import { useI18n } from '../../i18n';
import { describeError } from './errorText';
import { errorMessages } from './messages';
import { deviceErrorMessages } from './device.messages';

export function useErrorText(): (error: unknown) => string {
  const i18n = useI18n(errorMessages);
  const device = useI18n(deviceErrorMessages);
  return useCallback((error: unknown) => describeError(error, i18n.t, i18n, device.t), [i18n, device]);
}
