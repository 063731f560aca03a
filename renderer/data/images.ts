/**
 * Product images that keep working offline: each image fetched from the catalog server is stored in Cache
 * Storage under its URL, and always served from there as an object URL, so the UI shows the same image with or
 * without the server. Where Cache Storage is unavailable (an insecure origin), the plain URL is used.
 */
import { serverUrl } from './http';

const CACHE_NAME = 'aisle-images-v1';
const MAX_OBJECT_URLS = 400;
/** URL → object URL, in least-recently-used order (Map iteration order). */
const objectUrls = new Map<string, string>();
const inflight = new Map<string, Promise<string | null>>();

export function imageUrl(base: string, path: string): string {
  return /^https?:\/\//.test(path) ? path : serverUrl(base, path);
}

function remember(url: string, objectUrl: string): string {
  objectUrls.delete(url);
  objectUrls.set(url, objectUrl);
  if (objectUrls.size > MAX_OBJECT_URLS) {
    const oldest = objectUrls.keys().next().value;
    if (oldest !== undefined) {
      const stale = objectUrls.get(oldest);
      objectUrls.delete(oldest);
      if (stale) URL.revokeObjectURL(stale);
    }
  }
  return objectUrl;
}

function cachesAvailable(): boolean {
  return typeof caches !== 'undefined' && window.isSecureContext;
}

async function load(url: string): Promise<string | null> {
  if (!cachesAvailable()) return url;
  const cache = await caches.open(CACHE_NAME);
  const hit = await cache.match(url);
  if (hit) return remember(url, URL.createObjectURL(await hit.blob()));
  let res: Response;
  try {
    res = await fetch(url, { mode: 'cors', credentials: 'omit' });
  } catch {
    return null; // Offline and never cached: the caller shows a placeholder.
  }
  if (!res.ok) return null;
  await cache.put(url, res.clone());
  return remember(url, URL.createObjectURL(await res.blob()));
}

/** An object URL (or plain URL) for the image, or null when it is neither cached nor reachable. */
export function loadImage(url: string): Promise<string | null> {
  const known = objectUrls.get(url);
  if (known) return Promise.resolve(remember(url, known));
  let pending = inflight.get(url);
  if (!pending) {
    pending = load(url).finally(() => inflight.delete(url));
    inflight.set(url, pending);
  }
  return pending;
}

/** Caches images ahead of need (a viewed product's gallery), without creating object URLs. */
export async function prefetchImages(urls: readonly string[]): Promise<void> {
  if (!cachesAvailable()) return;
  const cache = await caches.open(CACHE_NAME);
  for (const url of urls) {
    if (await cache.match(url)) continue;
    try {
      const res = await fetch(url, { mode: 'cors', credentials: 'omit' });
      if (res.ok) await cache.put(url, res);
    } catch {
      return; // Offline: try again next time the product is viewed.
    }
  }
}
