/**
 * What the camera panel says when the camera cannot start — one sentence that tells the associate or customer
 * what to do instead, never a raw DOMException ("Requested device not found") next to aiming advice. Returns the
 * message key in renderer/scan/messages.ts.
 * getUserMedia's error names: https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia
 */
export type CameraErrorKey = 'noCamera' | 'cameraBlocked' | 'cameraBusy' | 'cameraFailed';

export function cameraErrorKey(error: unknown): CameraErrorKey {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'noCamera';
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'cameraBlocked';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'cameraBusy';
    default:
      return 'cameraFailed';
  }
}
