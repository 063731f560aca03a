/**
 * The security policy of every web page main creates: the Content-Security-Policy sent with each app://
 * response, and where a page may navigate or open windows.
 *
 * Security checklist: "define a Content Security Policy" (7), "do not disable webSecurity" (5),
 * "limit navigation" (13), "limit creation of new windows" (14), "do not use shell.openExternal with
 * untrusted content" (15), "verify WebView options / do not use webview" (12). The decisions are pure
 * functions; installSecurityPolicy only wires them to Electron's events.
 */
import type { App, Event, HandlerDetails, Shell, WebContents, WindowOpenHandlerResponse } from 'electron';
import { isAppUrl, isWebUrl } from './origin';
import type { Logger } from './log';
import { fireAndForget } from './log';

/**
 * connect-src and img-src allow any http(s) host because the catalog server's address is only known at
 * enrollment (typed in on the device), and product images may come from the retailer's CDN. Scripts stay
 * 'self' only; 'wasm-unsafe-eval' lets the barcode decoder (zxing-wasm) compile WebAssembly without allowing eval.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob: http: https:",
  "connect-src 'self' http: https:",
  "media-src 'self' blob: mediastream:",
  "worker-src 'self' blob:",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-src 'none'",
  // Not in the brief's list but free: the app posts no HTML forms, so a form can never send data elsewhere.
  "form-action 'none'",
].join('; ');

/** Headers added to every app:// response. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

export type NavigationDecision = 'allow' | 'deny' | 'open-external';

/**
 * The only places outside the app it means to open, as https origins ("https://help.example.com"). The app links
 * to nothing outside itself today, so the list is empty and every outside link is refused; a screen that links
 * out adds its origin here, with a test. (Checklist 15: shell.openExternal never sees a URL the app did not mean.)
 */
export const EXTERNAL_LINK_ORIGINS: readonly string[] = [];

/** An https URL on one of the given origins, without credentials: one the app means to open in the OS browser. */
export function isIntendedExternalUrl(value: string, origins: readonly string[] = EXTERNAL_LINK_ORIGINS): boolean {
  if (!isWebUrl(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' && url.username === '' && url.password === '' && origins.includes(url.origin);
}

/**
 * A page may navigate only within app://aisle. A link the app means to open (isIntendedExternalUrl) goes to the
 * OS browser, except on a kiosk: a customer-facing kiosk must never hand the customer a general browser, so there
 * it is just refused. Everything else (other web pages, file:, javascript:, custom handlers) is refused.
 */
export function decideNavigation(url: string, kiosk: boolean, origins: readonly string[] = EXTERNAL_LINK_ORIGINS): NavigationDecision {
  if (isAppUrl(url)) return 'allow';
  if (!kiosk && isIntendedExternalUrl(url, origins)) return 'open-external';
  return 'deny';
}

/**
 * window.open and target=_blank never create an Electron window (it would not inherit our webPreferences
 * review); an http(s) target may open in the OS browser under the same rule as navigation.
 */
export function decideWindowOpen(url: string, kiosk: boolean, origins: readonly string[] = EXTERNAL_LINK_ORIGINS): 'deny' | 'open-external' {
  return !kiosk && isIntendedExternalUrl(url, origins) ? 'open-external' : 'deny';
}

type OpenExternal = Pick<Shell, 'openExternal'>['openExternal'];

export interface SecurityPolicyDeps {
  isKiosk(): boolean;
  openExternal: OpenExternal;
  log: Logger;
  /** Default EXTERNAL_LINK_ORIGINS; tests pass their own. */
  externalOrigins?: readonly string[];
}

/** Applies the navigation and window rules to one webContents (main window, print window, anything else). */
export function lockDownWebContents(contents: WebContents, deps: SecurityPolicyDeps): void {
  const origins = deps.externalOrigins ?? EXTERNAL_LINK_ORIGINS;
  const openOutside = (url: string): void => {
    // Checked again right at the call, so no path to openExternal skips the allowlist.
    if (deps.isKiosk() || !isIntendedExternalUrl(url, origins)) return deps.log.warn(`refused to open ${url} outside the app`);
    fireAndForget(deps.openExternal(url), deps.log, `opening ${url} in the OS browser`); // eng-disable OPEN_EXTERNAL_JS_CHECK: only an allowlisted https origin reaches here (line above)
  };

  contents.on('will-navigate', (event: Event, url: string) => {
    const decision = decideNavigation(url, deps.isKiosk(), origins);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-external') openOutside(url);
    else deps.log.warn(`blocked navigation to ${url}`);
  });
  // Redirects can take a page where will-navigate did not look.
  contents.on('will-redirect', (event: Event, url: string) => {
    if (decideNavigation(url, deps.isKiosk(), origins) !== 'allow') {
      event.preventDefault();
      deps.log.warn(`blocked redirect to ${url}`);
    }
  });
  contents.setWindowOpenHandler((details: HandlerDetails): WindowOpenHandlerResponse => {
    if (decideWindowOpen(details.url, deps.isKiosk(), origins) === 'open-external') openOutside(details.url);
    else deps.log.warn(`blocked window.open of ${details.url}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event: Event) => {
    event.preventDefault();
    deps.log.warn('blocked a <webview>');
  });
}

/** Every webContents the app ever creates gets the policy, so no window can be forgotten. */
export function installSecurityPolicy(app: Pick<App, 'on'>, deps: SecurityPolicyDeps): void {
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, deps));
}
