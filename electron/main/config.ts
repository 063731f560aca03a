/**
 * Start-up configuration from the command line and environment:
 * - the catalog server address that development builds and pilot installs pre-fill on the enrollment screen
 *   (`--server-url=http://host:port` or AISLE_SERVER_URL; the flag wins);
 * - AISLE_USER_DATA_DIR, a profile folder other than the OS default, so tests and a developer running a
 *   counter and a kiosk side by side never touch a real enrollment (the single-instance lock is per folder).
 *
 * Security checklist: none; the value is a suggestion shown to the person enrolling, and it is validated
 * here like any input (http or https only) because argv and env are outside input.
 */
export interface StartupConfig {
  defaultServerUrl: string | undefined;
  userDataDir: string | undefined;
}

function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    // Keep what was written (minus a trailing slash), not URL's normalised form with an added "/".
    return value.trim().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

export function readStartupConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): StartupConfig {
  const flag = argv.find((arg) => arg.startsWith('--server-url='))?.slice('--server-url='.length);
  const userDataDir = env['AISLE_USER_DATA_DIR']?.trim();
  return { defaultServerUrl: httpUrl(flag) ?? httpUrl(env['AISLE_SERVER_URL']), userDataDir: userDataDir === '' ? undefined : userDataDir };
}
