import { describe, expect, it } from 'vitest';
import { decidePermission } from './permissions';

const app = 'app://aisle';

describe('decidePermission', () => {
  it('grants the camera to the app origin', () => {
    expect(decidePermission({ permission: 'media', origin: app, mediaTypes: ['video'] })).toBe(true);
    expect(decidePermission({ permission: 'media', origin: 'app://aisle/index.html', mediaTypes: ['video'] })).toBe(true);
  });
  it('never grants the microphone', () => {
    expect(decidePermission({ permission: 'media', origin: app, mediaTypes: ['audio'] })).toBe(false);
    expect(decidePermission({ permission: 'media', origin: app, mediaTypes: ['video', 'audio'] })).toBe(false);
  });
  it('denies media when the kind is unknown or missing', () => {
    expect(decidePermission({ permission: 'media', origin: app, mediaTypes: ['unknown'] })).toBe(false);
    expect(decidePermission({ permission: 'media', origin: app, mediaTypes: [] })).toBe(false);
    expect(decidePermission({ permission: 'media', origin: app, mediaTypes: undefined })).toBe(false);
  });
  it('denies the camera to any other origin', () => {
    for (const origin of ['https://example.com', 'file:///x.html', 'app://other', 'null', '', undefined]) {
      expect(decidePermission({ permission: 'media', origin, mediaTypes: ['video'] })).toBe(false);
    }
  });
  it.each(['geolocation', 'notifications', 'display-capture', 'openExternal', 'clipboard-read', 'usb', 'hid', 'serial', 'fullscreen'])(
    'denies %s even to the app',
    (permission) => {
      expect(decidePermission({ permission, origin: app, mediaTypes: ['video'] })).toBe(false);
    },
  );
});
