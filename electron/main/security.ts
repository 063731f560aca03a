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
 * A page may navigate only within app://aisle. Any other http(s) link goes to the OS browser, except on a
 * kiosk: a customer-facing kiosk must never hand the customer a general browser, so there it is just refused.
 * Every other scheme (file:, javascript:, custom handlers) is refused.
 */
export function decideNavigation(url: string, kiosk: boolean): NavigationDecision {
  if (isAppUrl(url)) return 'allow';
  if (!kiosk && isWebUrl(url)) return 'open-external';
  return 'deny';
}

/**
 * window.open and target=_blank never create an Electron window (it would not inherit our webPreferences
 * review); an http(s) target may open in the OS browser under the same rule as navigation.
 */
export function decideWindowOpen(url: string, kiosk: boolean): 'deny' | 'open-external' {
  return !kiosk && isWebUrl(url) ? 'open-external' : 'deny';
}

type OpenExternal = Pick<Shell, 'openExternal'>['openExternal'];

export interface SecurityPolicyDeps {
  isKiosk(): boolean;
  openExternal: OpenExternal;
  log: Logger;
}

/** Applies the navigation and window rules to one webContents (main window, print window, anything else). */
export function lockDownWebContents(contents: WebContents, deps: SecurityPolicyDeps): void {
  const openOutside = (url: string): void => fireAndForget(deps.openExternal(url), deps.log, `opening ${url} in the OS browser`);

  contents.on('will-navigate', (event: Event, url: string) => {
    const decision = decideNavigation(url, deps.isKiosk());
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-external') openOutside(url);
    else deps.log.warn(`blocked navigation to ${url}`);
  });
  // Redirects can take a page where will-navigate did not look.
  contents.on('will-redirect', (event: Event, url: string) => {
    if (decideNavigation(url, deps.isKiosk()) !== 'allow') {
      event.preventDefault();
      deps.log.warn(`blocked redirect to ${url}`);
    }
  });
  contents.setWindowOpenHandler((details: HandlerDetails): WindowOpenHandlerResponse => {
    if (decideWindowOpen(details.url, deps.isKiosk()) === 'open-external') openOutside(details.url);
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
