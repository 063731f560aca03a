/** How the manager's pickup figures read: percentages, durations, and what a flag asks the manager to do. */
import type { PickupFlag } from '../../../shared/pickup/types';

/** "92.5 %", or "—" when there is nothing to measure yet (no pickup became ready, none finished). */
export function formatPct(value: number | null): string {
  return value === null ? '—' : `${Number.isInteger(value) ? value : value.toFixed(1)} %`;
}

/** "45 min", "2 h 05 min", "3 d 4 h"; "—" for null. Rounded to whole minutes. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
  const days = Math.floor(m / (24 * 60));
  const hours = Math.floor((m % (24 * 60)) / 60);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

/** Minutes from `from` to `to` (ISO times), negative when `to` is earlier. */
export function minutesUntil(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
}

/** "promised 35 min ago" / "expires in 20 min": a promise or an expiry relative to now, in the words given. */
export function relativeDue(nowIso: string, dueIso: string, words: { future: string; past: string }): string {
  const m = minutesUntil(nowIso, dueIso);
  return m < 0 ? `${words.past} ${formatMinutes(-m)} ago` : `${words.future} in ${formatMinutes(m)}`;
}

export const FLAG_LABELS: Readonly<Record<PickupFlag, { title: string; action: string }>> = {
  CANCELLED_AFTER_HANDOVER: { title: 'Cancelled after handover', action: 'The customer has the goods and the order was cancelled: refund by hand or reverse the cancellation.' },
  OVERPICKED: { title: 'Over-picked', action: 'More units were picked than ordered: put the extra units back on the shelf.' },
};
