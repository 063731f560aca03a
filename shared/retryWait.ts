/**
 * A rate-limited request (HTTP 429) says how long to wait in seconds; people read it in words. Shared so the
 * server's message and the app's screens say the same thing.
 */

/** "a few seconds", "40 seconds", "1 minute", "2 minutes", "1 hour": rounded up, never "0". */
export function waitInWords(seconds: number): string {
  const s = Math.max(1, Math.ceil(Number.isFinite(seconds) ? seconds : 60));
  if (s <= 5) return 'a few seconds';
  if (s < 60) return `${s} seconds`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

export function tooManyTriesMessage(seconds: number): string {
  return `Too many tries — try again in ${waitInWords(seconds)}.`;
}
