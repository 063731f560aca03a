/**
 * A USB keyboard-wedge scanner as the browser really sees one, for end-to-end tests.
 *
 * Why not `page.keyboard.type(text, { delay: 0 })`: Playwright sends each key only after the renderer has handled
 * the one before, and the browser stamps each key with the time it was injected. When the renderer is busy (a
 * re-render after the previous scan, a sync write), the "scanner" then has 50–120 ms gaps between keys that no
 * scanner has, and the wedge rightly takes them for a person typing ("Read 6500000005: 10 digits"). A real scanner
 * sends its whole burst at its own pace whatever the page is doing: the OS stamps each key as it arrives (1–10 ms
 * apart) and the keys wait in the browser's input queue while the renderer is busy; KeyboardEvent.timeStamp keeps
 * the scanner's timing. This helper does the same through the DevTools protocol: every key event of the burst is
 * queued at once with its own timestamp (Input.dispatchKeyEvent `timestamp`), jittered like a scanner's.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface ScannerOptions {
  /** Mean gap between keys, ms (scanners: 1–20 ms; 5 is a typical 2D imager in keyboard mode). */
  readonly gapMs?: number;
  /** Each gap is gapMs ± jitterMs, from a seeded generator so a failure replays. */
  readonly jitterMs?: number;
  /** Key sent after the data (scanners are usually set to Enter); null for none. */
  readonly terminator?: 'Enter' | 'Tab' | null;
  readonly seed?: number;
}

interface KeyEventParams {
  type: 'keyDown' | 'rawKeyDown' | 'keyUp';
  key: string;
  code: string;
  text?: string;
  unmodifiedText?: string;
  windowsVirtualKeyCode: number;
  modifiers: number;
  /** Seconds since the Unix epoch, as the protocol wants it. */
  timestamp: number;
}

const SHIFT = 8;
/** How long after a scan's last key a person's first key comes, at the quickest (human reaction time). */
const PERSON_AFTER_SCAN_MS = 200;

/** A small seeded PRNG (mulberry32): deterministic jitter. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function describeKey(ch: string): { key: string; code: string; vk: number; text?: string; shift: boolean } {
  if (ch === 'Enter') return { key: 'Enter', code: 'Enter', vk: 13, text: '\r', shift: false };
  if (ch === 'Tab') return { key: 'Tab', code: 'Tab', vk: 9, shift: false };
  if (/^[0-9]$/.test(ch)) return { key: ch, code: `Digit${ch}`, vk: ch.charCodeAt(0), text: ch, shift: false };
  if (/^[a-z]$/.test(ch)) return { key: ch, code: `Key${ch.toUpperCase()}`, vk: ch.toUpperCase().charCodeAt(0), text: ch, shift: false };
  if (/^[A-Z]$/.test(ch)) return { key: ch, code: `Key${ch}`, vk: ch.charCodeAt(0), text: ch, shift: true };
  // Punctuation: the character is what matters to the page (key and text); a US layout sends Shift for these.
  return { key: ch, code: '', vk: 0, text: ch, shift: ':?&_<>"^|{}~!@#$%*()+'.includes(ch) };
}

/** The burst's key events with their timestamps; exported for the helper's own test of its timing. */
export function scannerKeyEvents(text: string, startMs: number, options: ScannerOptions = {}): KeyEventParams[] {
  const gap = options.gapMs ?? 5;
  const jitter = options.jitterMs ?? 3;
  const next = random(options.seed ?? text.length * 7919);
  const events: KeyEventParams[] = [];
  let t = startMs;
  const push = (type: KeyEventParams['type'], d: ReturnType<typeof describeKey>, modifiers: number, at: number): void => {
    const withText = type === 'keyDown' && d.text !== undefined;
    events.push({ type: type === 'keyDown' && !withText ? 'rawKeyDown' : type, key: d.key, code: d.code, ...(withText ? { text: d.text, unmodifiedText: d.text } : {}), windowsVirtualKeyCode: d.vk, modifiers, timestamp: at / 1000 });
  };
  const terminator = options.terminator === undefined ? 'Enter' : options.terminator;
  const keys = [...text, ...(terminator ? [terminator] : [])];
  for (const ch of keys) {
    const d = describeKey(ch);
    const shift = { key: 'Shift', code: 'ShiftLeft', vk: 16, shift: false };
    if (d.shift) push('rawKeyDown', shift, SHIFT, t);
    const down = t + (d.shift ? 0.5 : 0);
    push('keyDown', d, d.shift ? SHIFT : 0, down);
    push('keyUp', d, d.shift ? SHIFT : 0, down + 1);
    if (d.shift) push('keyUp', shift, 0, down + 1.5);
    t += Math.max(1, gap - jitter + next() * 2 * jitter);
  }
  return events;
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

/** Scans `text` with a USB scanner: the whole burst queued at once, keys `gapMs` ± `jitterMs` apart, then Enter. */
export async function scanLikeScanner(page: Page, text: string, options: ScannerOptions = {}): Promise<void> {
  let session = sessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  const cdp = await session;
  const events = scannerKeyEvents(text, Date.now(), options);
  // Not awaited one by one: the protocol handles them in order, and the renderer gets them as fast as a scanner sends.
  await Promise.all(events.map((e) => cdp.send('Input.dispatchKeyEvent', e)));
  // The burst takes its time, as a scanner's does: return once the last key's time stamp has passed, or a key the
  // test presses next would be stamped before the scan's Enter (and look like part of the scan). Then wait as long
  // as a person takes to move from the scanner to the keyboard: a key within the wedge's gap (35 ms) of the Enter is
  // by design the start of a chained second code, so a test that types "right after" a scan must not land there.
  const wait = (events.at(-1)?.timestamp ?? 0) * 1000 + PERSON_AFTER_SCAN_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait) + 1));
}
