/**
 * GS1 Digital Link URIs (GS1 Digital Link Standard 1.2, §4): the QR codes replacing EAN-13 on packs carry
 * `https://<any domain>/<optional path>/01/<gtin>[/22/<cpv>][/10/<batch>][/21/<serial>]?<ai>=<value>&…`.
 * The domain is the brand's choice, so only the path shape matters. Converts to the same element list
 * as any other GS1 carrier so classifyScan treats it like a GS1 DataMatrix.
 */
import { AI_SPECS } from './ais';

/** GTIN-8/12/13 in a Digital Link are padded to 14 digits, as the standard allows the short forms. */
function gtin14(value: string): string {
  return /^\d{8}$|^\d{12,13}$/.test(value) ? value.padStart(14, '0') : value;
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** Elements of a Digital Link URI, or null when the text is not one (no `/01/<digits>` path). */
export function parseDigitalLink(text: string): { ai: string; value: string }[] | null {
  const m = /^https?:\/\/[^/?#\s]+((?:\/[^?#\s]*)?)(?:\?([^#\s]*))?(?:#.*)?$/i.exec(text.trim());
  if (!m) return null;
  const segments = (m[1] ?? '').split('/').filter((s) => s !== '');
  const start = segments.findIndex((s, i) => s === '01' && /^\d{8,14}$/.test(segments[i + 1] ?? ''));
  if (start < 0) return null;
  const elements: { ai: string; value: string }[] = [];
  const path = segments.slice(start);
  if (path.length % 2 !== 0) return null;
  for (let i = 0; i < path.length; i += 2) {
    const ai = path[i] ?? '';
    const value = decode(path[i + 1] ?? '');
    if (!AI_SPECS.has(ai) || value === null) return null;
    elements.push({ ai, value: ai === '01' ? gtin14(value) : value });
  }
  for (const pair of (m[2] ?? '').split('&')) {
    const [key, raw = ''] = pair.split('=');
    // Only numeric keys are AIs; others (e.g. linkType, utm_*) are for the resolver, not the item.
    if (!key || !/^\d{2,4}$/.test(key) || !AI_SPECS.has(key)) continue;
    const value = decode(raw.replace(/\+/g, ' '));
    if (value === null) return null;
    elements.push({ ai: key, value });
  }
  return elements;
}
