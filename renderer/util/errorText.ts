/**
 * What to show a person for a failure: an Error's message, or the message of the plain `{code, message}` objects
 * that cross the desktop bridge (shared/errors.ts), or the value itself.
 */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
