import { describe, expect, it } from 'vitest';
import { cameraErrorText } from './errors';

const domError = (name: string, message: string): Error => Object.assign(new Error(message), { name });

describe('camera error text', () => {
  it('says "no camera" once for a device that has none, without the browser wording', () => {
    const text = cameraErrorText(domError('NotFoundError', 'Requested device not found'));
    expect(text).toBe('No camera found on this device. Use the barcode scanner or type the code instead.');
    expect(text).not.toContain('Requested device');
  });
  it('tells refused, busy and other failures apart', () => {
    expect(cameraErrorText(domError('NotAllowedError', 'Permission denied'))).toMatch(/^Camera access is turned off/);
    expect(cameraErrorText(domError('NotReadableError', 'Could not start video source'))).toMatch(/^The camera is busy/);
    expect(cameraErrorText('weird')).toMatch(/^The camera could not start/);
    expect(cameraErrorText({ name: 'OverconstrainedError' })).toMatch(/^No camera found/);
  });
});
