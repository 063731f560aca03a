/**
 * Every request to the catalog server goes through here, so failures are classified in one place:
 * no answer at all → SERVER_UNREACHABLE (the app is offline, not broken); 401 → UNAUTHENTICATED with the
 * server's reason (revoked, unknown); 426 → SCHEMA_OUTDATED (update the app); 429 → RATE_LIMITED with the wait
 * in words ("Too many tries — try again in 2 minutes."); others keep the server's code.
 */
import { AisleError, type ErrorCode } from '../../shared/errors';
import { SCHEMA_HEADER, SCHEMA_VERSION } from '../../shared/sync';
import { tooManyTriesMessage } from '../../shared/retryWait';
import { parseErrorBody } from './guards';

export interface ServerAuth {
  serverUrl: string;
  token: string;
}

/** Joins the enrolled server address and an absolute path, tolerating a trailing slash on the address. */
export function serverUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}

export function unreachable(base: string): AisleError {
  return new AisleError('SERVER_UNREACHABLE', `Cannot reach the catalog server at ${base}. Check the address and that the server is running.`, undefined, { origin: 'server' });
}

async function errorFromResponse(res: Response): Promise<AisleError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy page, an empty body): fall back to the status line below.
  }
  const parsed = parseErrorBody(body);
  const fromServer = (code: ErrorCode, message: string, retryAfterSeconds?: number): AisleError =>
    new AisleError(code, message, parsed?.details, {
      ...(retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) ? { retryAfterSeconds } : {}),
      ...(parsed?.params ? { params: parsed.params } : {}),
      // Only a code the server itself sent is translated by code; a status line we classified keeps its own text.
      ...(parsed?.origin ? { origin: parsed.origin } : {}),
    });
  if (res.status === 401) return fromServer(parsed?.code === 'ENROLLMENT_CODE_INVALID' ? 'ENROLLMENT_CODE_INVALID' : 'UNAUTHENTICATED', parsed?.message ?? 'This device is not authorised by the catalog server.');
  if (res.status === 429) {
    const fromBody = parsed?.retryAfterSeconds ?? NaN;
    const seconds = Number.isFinite(fromBody) ? fromBody : Number(res.headers.get('retry-after') ?? NaN);
    if (parsed?.code === 'LOCKED_OUT') return fromServer('LOCKED_OUT', parsed.message, seconds);
    return new AisleError('RATE_LIMITED', tooManyTriesMessage(seconds), undefined, { ...(Number.isFinite(seconds) ? { retryAfterSeconds: seconds } : {}), origin: 'server' });
  }
  if (res.status === 426) return fromServer('SCHEMA_OUTDATED', parsed?.message ?? 'This version of Aisle is outdated; update the app.');
  if (parsed) return fromServer(parsed.code, parsed.message, parsed.retryAfterSeconds);
  return new AisleError(res.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', `The catalog server answered ${res.status} ${res.statusText}`.trim());
}

/** fetch() that throws AisleError for everything but a 2xx, and returns the parsed JSON body as unknown. */
export async function requestJson(base: string, path: string, init: RequestInit = {}): Promise<unknown> {
  const res = await rawRequest(base, path, init);
  try {
    const body: unknown = await res.json();
    return body;
  } catch {
    throw new AisleError('INTERNAL', `The catalog server sent a response that is not JSON for ${path}`);
  }
}

export async function rawRequest(base: string, path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(serverUrl(base, path), init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw unreachable(base);
  }
  if (!res.ok) throw await errorFromResponse(res);
  return res;
}

export function authHeaders(auth: ServerAuth, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${auth.token}`, [SCHEMA_HEADER]: String(SCHEMA_VERSION), ...extra };
}

/** `extraHeaders`: e.g. the staff session of the person a request acts for (staffSession.ts staffSessionHeaders). */
export function authedJson(auth: ServerAuth, path: string, init: RequestInit = {}, extraHeaders: Record<string, string> = {}): Promise<unknown> {
  const headers = authHeaders(auth, { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...extraHeaders });
  return requestJson(auth.serverUrl, path, { ...init, headers });
}
