/**
 * The retailer's scan configuration (loyalty card ranges, variable-measure label layouts), kept centrally in the
 * `meta` table and served to every device (GET /api/v1/scan-config), which caches it for offline use. One parser
 * (shared/barcode/scanConfig.ts) checks it when it is set here and again when a device reads it.
 */
import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../db/db';
import type { ServerContext } from '../context';
import { AisleError } from '../../shared/errors';
import { API_PREFIX } from '../../shared/sync';
import { parseRetailerScanConfig, type RetailerScanConfig } from '../../shared/barcode/scanConfig';
import { requireDevice } from '../http';
import { LOYALTY_SCAN_CONFIG } from '../../shared/customers/identity';

export const SCAN_CONFIG_KEY = 'scanConfig';
export const SCAN_CONFIG_PATH = `${API_PREFIX}/scan-config`;

/** Until the retailer sets its own: the card range Aisle issues (shared/customers/identity.ts), no weighed items. */
export const DEFAULT_SCAN_CONFIG: RetailerScanConfig = { loyalty: { textPrefix: LOYALTY_SCAN_CONFIG.textPrefix, digits: { ...LOYALTY_SCAN_CONFIG.digits }, ean13Prefixes: [...LOYALTY_SCAN_CONFIG.ean13Prefixes] } };

export async function getScanConfig(q: Queryable): Promise<RetailerScanConfig> {
  const res = await q.query<{ value: unknown }>('SELECT value FROM meta WHERE key = $1', [SCAN_CONFIG_KEY]);
  const row = res.rows[0];
  if (!row) return DEFAULT_SCAN_CONFIG;
  const parsed = parseRetailerScanConfig(row.value);
  // A stored value was checked when it was set; a bad one now means a hand edit: serve nothing rather than it.
  return parsed.ok ? parsed.config : {};
}

/** Sets the configuration; refuses it whole (400 with every reason) when any part is bad. */
export async function setScanConfig(q: Queryable, raw: unknown): Promise<RetailerScanConfig> {
  const parsed = parseRetailerScanConfig(raw);
  if (!parsed.ok) throw new AisleError('VALIDATION_FAILED', `the scan configuration is not valid: ${parsed.issues.join('; ')}`, parsed.issues.map((message) => ({ path: '', message })));
  await q.query(`INSERT INTO meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [SCAN_CONFIG_KEY, JSON.stringify(parsed.config)]);
  return parsed.config;
}

export function registerScanConfigRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get(SCAN_CONFIG_PATH, async (req): Promise<RetailerScanConfig> => {
    await requireDevice(ctx.db, req);
    return getScanConfig(ctx.db);
  });
}
