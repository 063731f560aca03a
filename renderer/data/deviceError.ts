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
  | { readonly key: 'alreadyResolved'; readonly by: string };

export type DeviceSayKey = DeviceSay['key'];

export class DeviceError extends AisleError {
  readonly say: DeviceSay;
  constructor(code: ErrorCode, message: string, say: DeviceSay) {
    super(code, message);
    this.say = say;
  }
}
