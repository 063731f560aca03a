import { describe, expect, it } from 'vitest';
import { createFormatter, translator } from '../../i18n';
import { scanMessages } from '../messages';
import { cameraErrorKey } from './errors';

const domError = (name: string, message: string): Error => Object.assign(new Error(message), { name });

describe('camera error text', () => {
  it('says "no camera" once for a device that has none, without the browser wording', () => {
    const key = cameraErrorKey(domError('NotFoundError', 'Requested device not found'));
    expect(key).toBe('noCamera');
    const text = translator(scanMessages, createFormatter({ locale: 'en-US', currency: 'USD', timeZone: 'UTC', distanceUnit: 'mile' }))(key);
    expect(text).toBe('No camera found on this device. Use the barcode scanner or type the code instead.');
    expect(translator(scanMessages, createFormatter({ locale: 'fr-FR', currency: 'EUR', timeZone: 'Europe/Paris', distanceUnit: 'kilometer' }))(key)).toMatch(/caméra/i);
  });
  it('tells refused, busy and other failures apart', () => {
    expect(cameraErrorKey(domError('NotAllowedError', 'Permission denied'))).toBe('cameraBlocked');
    expect(cameraErrorKey(domError('NotReadableError', 'Could not start video source'))).toBe('cameraBusy');
    expect(cameraErrorKey('weird')).toBe('cameraFailed');
    expect(cameraErrorKey({ name: 'OverconstrainedError' })).toBe('noCamera');
  });
});
