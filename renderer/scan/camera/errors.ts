/**
 * What the camera panel says when the camera cannot start — one sentence that tells the associate or customer
 * what to do instead, never a raw DOMException ("Requested device not found") next to aiming advice.
 * getUserMedia's error names: https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia
 */
export function cameraErrorText(error: unknown): string {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'No camera found on this device. Use the barcode scanner or type the code instead.';
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'Camera access is turned off for this app. Use the barcode scanner or type the code instead.';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'The camera is busy or not responding. Close other apps using it, or use the barcode scanner.';
    default:
      return 'The camera could not start. Use the barcode scanner or type the code instead.';
  }
}
