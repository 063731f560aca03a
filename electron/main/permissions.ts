/**
 * Which web permissions the app's pages get: the camera (for the barcode scanner) and nothing else, and
 * only for pages served from app://aisle. Electron grants every permission by default, so both the request
 * handler (prompts) and the check handler (queries such as enumerateDevices) are set.
 *
 * Security checklist: "handle session permission requests from remote content" (6).
 */
import type { Session } from 'electron';
import { isAppUrl } from './origin';

export interface PermissionQuery {
  permission: string;
  /** The origin or URL of the frame asking; absent when Electron does not know it. */
  origin: string | undefined;
  /** For 'media': what is asked for. A check carries a single type, a request a list. */
  mediaTypes: readonly string[] | undefined;
}

/** Grants 'media' for video only (a camera, never the microphone) to app://aisle; denies the rest. */
export function decidePermission(query: PermissionQuery): boolean {
  if (query.permission !== 'media') return false;
  if (!isAppUrl(query.origin)) return false;
  const types = query.mediaTypes;
  return types !== undefined && types.length > 0 && types.every((type) => type === 'video');
}

export function installPermissionHandlers(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    // securityOrigin is the requesting frame's own origin; requestingUrl is the fallback Electron always fills in.
    const origin = ('securityOrigin' in details ? details.securityOrigin : undefined) ?? details.requestingUrl;
    callback(decidePermission({ permission, origin, mediaTypes }));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) => {
    const mediaTypes = details.mediaType === undefined ? undefined : [details.mediaType];
    return decidePermission({ permission, origin: details.securityOrigin ?? requestingOrigin, mediaTypes });
  });
}
