/**
 * USB keyboard-wedge scanners type their data as keystrokes. This pure state machine tells a scanner's
 * burst from a person typing by timing alone (scanners send keys a few ms apart; people rarely manage
 * 35 ms between six keys in a row), so a scan works whatever field has focus. It knows nothing of the DOM:
 * installWedge() feeds it key events and acts on its answers, and the tests feed it synthetic timings.
 *
 * What must stay true:
 *  - A key is only consumed once the burst is certain; earlier keys reach the focused field, and the step
 *    that confirms a burst reports how many leaked so the adapter can restore the field.
 *  - The terminator (Enter/Tab) of a scan is consumed, so a scan never submits a form or moves focus.
 *  - GS (ASCII 29, FNC1 in GS1 data) survives: as the character itself, as Ctrl+] or F8, or as the text
 *    substitutes some scanners are set to send ('^]', '<GS>').
 *  - Two barcodes in one burst come out as two scans (split at the terminator, or where the configured
 *    prefix starts again), never glued into one; a burst that cannot be split safely is refused.
 *  - Timing is the keys' own time stamps (KeyboardEvent.timeStamp: when the OS got the key), never the time a
 *    busy renderer got round to handling them: a burst that waited behind a long task is still a burst.
 *  - Silence measured by a timer (tick) never drops or splits a burst still arriving: it only ends a burst
 *    already confirmed as a scan, and a key that arrives after it is judged by its own time stamp. (A timer can
 *    run before keys queued behind a long task; the keys' time stamps then say the burst was not over.)
 */

export interface WedgeSettings {
  /** Longest gap between two keys of one scan. Scanners send keys 1–20 ms apart; 35 ms leaves margin. */
  readonly maxInterKeyMs: number;
  /** Fewest characters (after prefix/suffix) a scan has; fewer fast keys are treated as typing. */
  readonly minLength: number;
  /** Longest scan accepted; longer bursts are refused (two codes glued by a scanner without terminator). */
  readonly maxLength: number;
  /** Characters the scanner is set to send before the data (a signature that also marks where a scan starts). */
  readonly prefix: string;
  /** Characters the scanner is set to send after the data. */
  readonly suffix: string;
  readonly terminators: readonly ('Enter' | 'Tab')[];
  /** Ends a burst after this much silence when no terminator is configured. */
  readonly endAfterMs: number;
  /**
   * With a terminator configured, a scan normally ends at it; one that goes silent without it (a scanner set
   * differently) is delivered after this much silence. Longer than endAfterMs so that a timer delayed behind a
   * long task (a re-render) does not end a burst whose remaining keys are still queued.
   */
  readonly missingTerminatorMs: number;
  /** Text some scanners send instead of the GS control character. */
  readonly gsSubstitutes: readonly string[];
}

export const DEFAULT_WEDGE_SETTINGS: WedgeSettings = {
  maxInterKeyMs: 35,
  minLength: 6,
  // A signed receipt code (shared/returns/receipt.ts) read from its QR by a 2D scanner is 300–1,000 characters.
  maxLength: 1500,
  prefix: '',
  suffix: '',
  terminators: ['Enter', 'Tab'],
  endAfterMs: 80,
  missingTerminatorMs: 500,
  gsSubstitutes: ['^]', '<GS>'],
};

const GS = '\u001d';

/** The parts of a keydown event the machine needs. */
export interface WedgeKey {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey?: boolean;
  readonly altKey?: boolean;
  readonly metaKey?: boolean;
  /** Event time in ms (KeyboardEvent.timeStamp). */
  readonly time: number;
}

export type WedgeOutput =
  | { readonly ok: true; readonly text: string; readonly startedAt: number; readonly endedAt: number }
  | { readonly ok: false; readonly text: string; readonly reason: string; readonly why: WedgeWhy };

/** Why a burst was refused, as data for the screen's language (`reason` says it in English). */
export type WedgeWhy = { readonly code: 'burstTooShort'; readonly count: number; readonly min: number } | { readonly code: 'burstTooLong'; readonly count: number };

export interface WedgeStep {
  /** Stop this key from reaching the page (preventDefault + stopPropagation). */
  readonly consume: boolean;
  /** This key started a possible burst: snapshot the focused field now, before the key lands. */
  readonly started?: boolean;
  /** This key confirmed a burst: `leaked` earlier keys reached the field; restore the snapshot. */
  readonly confirmed?: { readonly leaked: number };
  readonly outputs: readonly WedgeOutput[];
}

export interface Wedge {
  key(event: WedgeKey): WedgeStep;
  /**
   * Call when `tickAfterMs` may have passed since the last key (the adapter sets a timer), and only when no key
   * is waiting to be handled: keys the machine has not seen cannot tell it the burst goes on.
   */
  tick(now: number): WedgeStep;
  /** How long after the last key a tick can end a burst. */
  readonly tickAfterMs: number;
}

/** Maps a key event to the character it types, or null for keys that type nothing (Shift, arrows…). */
export function keyToChar(e: WedgeKey): string | null {
  if (e.key === GS || e.key === 'F8') return GS;
  // Ctrl+] is ASCII 29 on a terminal; check the physical key too, for layouts where ] needs AltGr.
  if (e.ctrlKey && (e.key === ']' || e.code === 'BracketRight')) return GS;
  if (e.ctrlKey || e.metaKey) return null;
  return e.key.length === 1 ? e.key : null;
}

function isModifier(key: string): boolean {
  return key === 'Shift' || key === 'Control' || key === 'Alt' || key === 'AltGraph' || key === 'Meta' || key === 'CapsLock';
}

export function createWedge(overrides: Partial<WedgeSettings> = {}): Wedge {
  const s: WedgeSettings = { ...DEFAULT_WEDGE_SETTINGS, ...overrides };
  const threshold = s.prefix.length + s.minLength;
  const silenceMs = s.terminators.length > 0 ? Math.max(s.endAfterMs, s.missingTerminatorMs) : s.endAfterMs;
  let buffer = '';
  let startedAt = 0;
  let last = -Infinity;
  let confirmed = false;
  /** The current burst cannot be a scan (it lacks the configured prefix). */
  let notScan = false;
  /** A scan just ended at its terminator: a key right after it (within the gap) starts the burst's next code. */
  let chained = false;

  const idle = (outputs: WedgeOutput[] = []): WedgeStep => ({ consume: false, outputs });

  function reset(): void {
    buffer = '';
    confirmed = false;
    notScan = false;
  }

  /** Turns a finished burst's characters into scans: strip prefix/suffix, restore GS, split glued codes. */
  function finish(raw: string, endedAt: number): WedgeOutput[] {
    let text = raw;
    for (const sub of s.gsSubstitutes) if (sub) text = text.split(sub).join(GS);
    let pieces = s.prefix ? text.split(s.prefix).slice(1) : [text];
    if (s.suffix) pieces = pieces.flatMap((p) => p.split(s.suffix)).filter((p) => p !== '');
    return pieces.map((body): WedgeOutput => {
      if (body.length < s.minLength) return { ok: false, text: body, reason: `only ${body.length} characters came in (a scan has at least ${s.minLength})`, why: { code: 'burstTooShort', count: body.length, min: s.minLength } };
      if (body.length > s.maxLength) return { ok: false, text: body.slice(0, 40), reason: `${body.length} characters in one burst: probably two codes run together`, why: { code: 'burstTooLong', count: body.length } };
      return { ok: true, text: body, startedAt, endedAt };
    });
  }

  function endBurst(now: number): WedgeOutput[] {
    const out = confirmed ? finish(buffer, now) : [];
    reset();
    return out;
  }

  return {
    key(e: WedgeKey): WedgeStep {
      if (isModifier(e.key)) return { consume: confirmed, outputs: [] };
      const gap = e.time - last;
      const fast = gap <= s.maxInterKeyMs;
      const isTerminator = (s.terminators as readonly string[]).includes(e.key) && !e.ctrlKey && !e.altKey && !e.metaKey;

      if (isTerminator) {
        // Some scanners pause briefly before the terminator; give it twice the usual gap.
        if (confirmed && gap <= 2 * s.maxInterKeyMs) {
          const outputs = finish(buffer, e.time);
          reset();
          last = e.time;
          chained = true;
          // Stay ready for a second code in the same burst: the next fast key starts a new buffer.
          return { consume: true, outputs };
        }
        const outputs = endBurst(e.time);
        last = -Infinity;
        chained = false;
        return idle(outputs);
      }

      const ch = keyToChar(e);
      if (ch === null) {
        // A navigation or function key ends anything in progress; it is never part of a scan.
        const outputs = endBurst(e.time);
        last = -Infinity;
        chained = false;
        return idle(outputs);
      }

      const outputs: WedgeOutput[] = [];
      if (buffer !== '' && !fast) outputs.push(...endBurst(e.time));
      last = e.time;

      if (buffer === '') {
        buffer = ch;
        startedAt = e.time;
        // A code that follows a terminator within the burst is already known to come from the scanner. Only
        // then: an empty buffer for any other reason (a timer's tick) proves nothing about this key.
        const follows = chained && fast && gap >= 0;
        chained = false;
        if (follows) {
          confirmed = true;
          return { consume: true, outputs };
        }
        confirmed = false;
        notScan = false;
        return { consume: false, started: true, outputs };
      }
      buffer += ch;
      if (confirmed) return { consume: true, outputs };
      // With a prefix configured, a burst that does not start with it is a person (or another device).
      if (s.prefix && !s.prefix.startsWith(buffer.slice(0, s.prefix.length))) notScan = true;
      if (!notScan && buffer.length >= threshold) {
        confirmed = true;
        return { consume: true, confirmed: { leaked: buffer.length - 1 }, outputs };
      }
      return { consume: false, outputs };
    },

    tick(now: number): WedgeStep {
      // An unconfirmed burst has nothing to deliver: leave it for the next key's time stamp to judge, so a
      // timer that runs before keys still queued behind a long task cannot cut the burst in two.
      if (buffer === '' || !confirmed || now - last < silenceMs) return idle();
      chained = false;
      return idle(endBurst(last));
    },

    tickAfterMs: silenceMs,
  };
}
