import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, isWebUrl } from './origin';

describe('isAppUrl', () => {
  it.each([APP_ENTRY_URL, 'app://aisle', 'app://aisle/', 'app://aisle/orders/42?x=1#y', 'APP://AISLE/index.html'])('accepts %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });
  it.each([
    'app://evil/index.html',
    'app://aisle.evil.com/',
    'app://aisle:8080/',
    'app://user@aisle/',
    'https://aisle/',
    'file:///index.html',
    'http://localhost:5173/',
    'null',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
  it('refuses null and undefined (a destroyed frame)', () => {
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('isWebUrl', () => {
  it('is true only for http and https', () => {
    expect(isWebUrl('https://example.com/a')).toBe(true);
    expect(isWebUrl('http://10.0.0.2:8080')).toBe(true);
    expect(isWebUrl('file:///etc/passwd')).toBe(false);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl('smb://share/x')).toBe(false);
    expect(isWebUrl('mailto:a@b.c')).toBe(false);
  });
});
