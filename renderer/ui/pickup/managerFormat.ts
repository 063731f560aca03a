/**
 * Time arithmetic for the pickup screens. The words (durations, percentages, what a flag asks) are the screens'
 * messages (renderer/ui/pickup/messages.ts, words.ts) in the store's language; English formatters that once lived
 * here are gone so that none is used by mistake.
 */

/** Minutes from `from` to `to` (ISO times), negative when `to` is earlier. */
export function minutesUntil(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
}
