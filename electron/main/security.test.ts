import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, decideNavigation, decideWindowOpen, EXTERNAL_LINK_ORIGINS, securityHeaders } from './security';

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
  it('refuses every outside page by default: the app links to nothing outside itself', () => {
    expect(EXTERNAL_LINK_ORIGINS).toEqual([]);
    expect(decideNavigation('https://example.com/', false)).toBe('deny');
  });
  it('sends links the app means to open (allowlisted https origins) to the OS browser at the counter, never on a kiosk', () => {
    const origins = ['https://help.example.com'];
    expect(decideNavigation('https://help.example.com/pickup', false, origins)).toBe('open-external');
    expect(decideNavigation('https://help.example.com/pickup', true, origins)).toBe('deny');
    expect(decideNavigation('http://help.example.com/pickup', false, origins)).toBe('deny');
    expect(decideNavigation('https://user:pw@help.example.com/', false, origins)).toBe('deny');
    expect(decideNavigation('https://help.example.com.evil.test/', false, origins)).toBe('deny');
    expect(decideNavigation('https://other.example.com/', false, origins)).toBe('deny');
  });
  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'app://other/', 'data:text/html,<h1>x', 'ms-settings:'])('denies %s', (url) => {
    expect(decideNavigation(url, false)).toBe('deny');
  });
});

describe('decideWindowOpen', () => {
  it('never opens an Electron window, even for the app origin', () => {
    expect(decideWindowOpen('app://aisle/popup', false)).toBe('deny');
  });
  it('may open allowlisted links externally, except on a kiosk', () => {
    expect(decideWindowOpen('https://example.com/', false, ['https://example.com'])).toBe('open-external');
    expect(decideWindowOpen('https://example.com/', true, ['https://example.com'])).toBe('deny');
    expect(decideWindowOpen('https://example.com/', false)).toBe('deny');
    expect(decideWindowOpen('file:///tmp/x', false)).toBe('deny');
  });
});
