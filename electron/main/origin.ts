/**
 * The app's one origin, app://aisle, and the test every other module uses to decide whether something comes
 * from it. Security checklist: "validate the sender of all IPC messages", "limit navigation", "handle
 * permission requests" all reduce to this check, so it is written once.
 *
 * Node's URL gives non-special schemes an opaque origin ("null"), so the check compares scheme and host
 * rather than `url.origin`, and lower-cases the host itself (Node leaves an opaque host as written); Chromium,
 * where the scheme is registered as standard, reports "app://aisle".
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'aisle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** True for app://aisle and any URL under it; false for anything else, including unparsable input. */
export function isAppUrl(value: string | null | undefined): boolean {
  if (typeof value !== 'string' || value === '') return false;
  const url = parseUrl(value);
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.host.toLowerCase() === APP_HOST && url.username === '' && url.password === '';
}

/** True for http: and https: URLs, the only kind ever handed to the OS browser. */
export function isWebUrl(value: string): boolean {
  const url = parseUrl(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
}
