/** First-run enrollment: trade a one-time code for a device token (POST /api/v1/enroll). */
import { DeviceError } from './deviceError';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import { requestJson } from './http';
import { parseEnrollResponse } from './guards';

/**
 * Accepts what people type for a server address ("localhost:8787", "http://10.0.0.5:8787/") and returns an
 * http(s) origin-plus-path without a trailing slash, or throws a message for the form.
 */
export function normaliseServerUrl(input: string): string {
  const trimmed = input.trim();
  if (trimmed === '') throw new DeviceError('VALIDATION_FAILED', 'Enter the catalog server address, e.g. http://192.168.1.20:8787', { key: 'serverAddressMissing' });
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new DeviceError('VALIDATION_FAILED', `"${trimmed}" is not a server address. Use one like http://192.168.1.20:8787`, { key: 'serverAddressInvalid', typed: trimmed });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DeviceError('VALIDATION_FAILED', 'The server address must start with http:// or https://', { key: 'serverAddressScheme' });
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export async function enroll(serverUrl: string, code: string, deviceName: string): Promise<EnrollResponse> {
  const body = await requestJson(serverUrl, `${API_PREFIX}/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: code.trim(), deviceName: deviceName.trim() }),
  });
  return parseEnrollResponse(body);
}
