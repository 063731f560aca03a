/** Small SQL helpers shared by the customer modules. */

/** A timestamptz column as the UTC ISO string every document uses (the same on PostgreSQL and PGlite). */
export function iso(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : 0;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
