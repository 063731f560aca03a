/**
 * Canonical JSON: keys sorted at every level, so two documents with the same content compare equal however
 * their keys were ordered (PostgreSQL's jsonb reorders keys; RxDB does not). Used by push conflict detection
 * on the server and by the device's conflict handler.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Document equality for replication: RxDB bookkeeping (_meta, _rev, _attachments) is ignored; _deleted counts. */
export function sameDocState(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const strip = (d: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(d)) if (!k.startsWith('_')) out[k] = v;
    out['_deleted'] = d['_deleted'] === true;
    return out;
  };
  return canonicalJson(strip(a)) === canonicalJson(strip(b));
}
