/** The local database's name for an enrollment (database.ts opens it; the snapshot database is named after it). */

/** RxDB database names are lower-case letters, digits and a few symbols, starting with a letter. */
export function databaseNameFor(deviceId: string): string {
  return `aisle-${deviceId.toLowerCase().replace(/[^a-z0-9_-]/g, '-')}`;
}
