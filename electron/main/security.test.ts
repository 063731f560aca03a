import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, decideNavigation, decideWindowOpen, securityHeaders } from './security';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));
}

describe('Content-Security-Policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('allows scripts only from the app, plus WebAssembly compilation but not eval', () => {
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
  });
  it('lets the runtime-configured catalog server be reached over http(s)', () => {
    expect(csp.get('connect-src')).toEqual(["'self'", 'http:', 'https:']);
  });
  it('shuts plugins, base rewriting and frames', () => {
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-src')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });
  it('lets the camera stream and workers work', () => {
    expect(csp.get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:']);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });
  it('is one of the headers of every response', () => {
    expect(securityHeaders()['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('decideNavigation', () => {
  it('allows the app origin in both modes', () => {
    expect(decideNavigation('app://aisle/orders', false)).toBe('allow');
    expect(decideNavigation('app://aisle/orders', true)).toBe('allow');
  });
  it('sends web links to the OS browser at the counter but refuses them on a kiosk', () => {
    expect(decideNavigation('https://example.com/', false)).toBe('open-external');
    expect(decideNavigation('https://example.com/', true)).toBe('deny');
  });
  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'app://other/', 'data:text/html,<h1>x', 'ms-settings:'])('denies %s', (url) => {
    expect(decideNavigation(url, false)).toBe('deny');
  });
});

describe('decideWindowOpen', () => {
  it('never opens an Electron window, even for the app origin', () => {
    expect(decideWindowOpen('app://aisle/popup', false)).toBe('deny');
  });
  it('may open web links externally, except on a kiosk', () => {
    expect(decideWindowOpen('https://example.com/', false)).toBe('open-external');
    expect(decideWindowOpen('https://example.com/', true)).toBe('deny');
    expect(decideWindowOpen('file:///tmp/x', false)).toBe('deny');
  });
});
