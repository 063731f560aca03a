/**
 * An error this device raises for a person to read (a form check, a card this counter cannot find), as data: the
 * screen words `say` in its language (renderer/ui/errors/device.messages.ts `d_<key>`); `message` stays English for
 * logs and tests. Errors from the catalog server are said by their code instead (renderer/ui/errors/errorText.ts).
 */
import { AisleError, type ErrorCode } from '../../shared/errors';

export type DeviceSay =
  | { readonly key: 'serverAddressMissing' }
  | { readonly key: 'serverAddressInvalid'; readonly typed: string }
  | { readonly key: 'serverAddressScheme' }
  | { readonly key: 'cardNotOnDevice'; readonly card: string }
  | { readonly key: 'cardUnknown'; readonly card: string }
  | { readonly key: 'noteEmpty' }
  | { readonly key: 'noteTooLong'; readonly max: number }
  | { readonly key: 'pinResetNeedsServer' }
  | { readonly key: 'staffUnknown'; readonly who: string }
  | { readonly key: 'alreadyResolved'; readonly by: string }
  /** IndexedDB refused a write for lack of room (QuotaExceededError): the disk, or the origin's quota, is full. */
  | { readonly key: 'storageFull' };

export type DeviceSayKey = DeviceSay['key'];

export class DeviceError extends AisleError {
  readonly say: DeviceSay;
  constructor(code: ErrorCode, message: string, say: DeviceSay) {
    super(code, message);
    this.say = say;
  }
}

/**
 * Whether an error is IndexedDB's QuotaExceededError, as thrown or as Dexie and RxDB wrap it (`inner`, `cause`,
 * RxDB's `parameters.error` and `parameters.errors`), a few levels deep.
 */
export function isQuotaExceeded(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const e = error as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown; parameters?: { error?: unknown; errors?: unknown } };
  if (e.name === 'QuotaExceededError' || (typeof e.message === 'string' && e.message.includes('QuotaExceededError'))) return true;
  const errors = Array.isArray(e.parameters?.errors) ? (e.parameters.errors as unknown[]) : [];
  return [e.inner, e.cause, e.parameters?.error, ...errors].some((inner) => isQuotaExceeded(inner, depth + 1));
}
