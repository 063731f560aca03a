import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { AisleError } from '../../shared/errors';
import { API_PREFIX, type NearbyStock } from '../../shared/sync';
import { distanceKm } from '../../shared/geo';
import { requireDevice } from '../http';

/** Availability of one variant in the other stores, nearest first: the server owns inventory. */
export function registerInventoryRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { variantId: string } }>(`${API_PREFIX}/inventory/:variantId/nearby`, async (req): Promise<NearbyStock[]> => {
    const device = await requireDevice(ctx.db, req);
    const variantId = req.params.variantId;
    if (variantId.length > 64) throw new AisleError('BAD_REQUEST', 'variantId is too long');
    const variant = await ctx.db.query(`SELECT 1 FROM docs WHERE collection = 'variants' AND id = $1 AND NOT deleted`, [variantId]);
    if (variant.rows.length === 0) throw new AisleError('NOT_FOUND', `no variant ${variantId}`);
    const stores = await ctx.db.query<{ id: string; name: string; lat: number; lon: number }>(
      `SELECT id, data->>'name' AS name, (data->>'lat')::float8 AS lat, (data->>'lon')::float8 AS lon FROM docs WHERE collection = 'stores' AND NOT deleted`,
    );
    const here = stores.rows.find((s) => s.id === device.storeId);
    if (!here) throw new AisleError('NOT_FOUND', `this device's store ${device.storeId} is not in the catalog`);
    const stock = await ctx.db.query<{ store_id: string; available: number; on_hand: number }>(
      `SELECT data->>'storeId' AS store_id, (data->>'available')::int AS available, (data->>'onHand')::int AS on_hand
       FROM docs WHERE collection = 'inventory' AND data->>'variantId' = $1 AND NOT deleted`,
      [variantId],
    );
    const byStore = new Map(stock.rows.map((r) => [r.store_id, r]));
    return stores.rows
      .filter((s) => s.id !== device.storeId)
      .map((s) => ({
        storeId: s.id,
        storeName: s.name,
        distanceKm: Math.round(distanceKm(here.lat, here.lon, s.lat, s.lon) * 10) / 10,
        available: byStore.get(s.id)?.available ?? 0,
        onHand: byStore.get(s.id)?.on_hand ?? 0,
      }))
      .sort((a, b) => a.distanceKm - b.distanceKm || a.storeName.localeCompare(b.storeName));
  });
}
