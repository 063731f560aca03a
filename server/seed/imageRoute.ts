/**
 * Serves the generated product pictures (server/seed/images.ts) at the relative URLs the catalog stores in
 * `ProductDoc.images`, e.g. /images/products/prod_000001.svg; devices prefix their server URL. Unauthenticated
 * because kiosks show them and they contain nothing that is not on the shelf; cacheable for a day, with an
 * ETag so a revalidation costs a 304.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { AisleError } from '../../shared/errors';
import { renderProductImage, type ImageSubject } from './images';

export const PRODUCT_IMAGE_PREFIX = '/images/products/';

export function productImagePath(productId: string, colour?: string): string {
  const base = `${PRODUCT_IMAGE_PREFIX}${encodeURIComponent(productId)}.svg`;
  return colour ? `${base}?colour=${encodeURIComponent(colour)}` : base;
}

function asImageSubject(id: string, data: unknown): ImageSubject {
  const d = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const str = (key: string): string => (typeof d[key] === 'string' ? d[key] : '');
  return { id, title: str('title'), brand: str('brand'), category: str('category') };
}

export function registerImageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // `:file` rather than `:productId.svg`: the router would otherwise have to split the segment on '.', and
  // product ids from imports may contain dots.
  app.get<{ Params: { file: string }; Querystring: { colour?: unknown } }>(`${PRODUCT_IMAGE_PREFIX}:file`, async (req, reply) => {
    const file = req.params.file;
    if (!file.endsWith('.svg') || file.length > 68) throw new AisleError('NOT_FOUND', `no product image ${file}`);
    const productId = file.slice(0, -'.svg'.length);
    const res = await ctx.db.query<{ data: unknown }>(`SELECT data FROM docs WHERE collection = 'products' AND id = $1 AND NOT deleted`, [productId]);
    const row = res.rows[0];
    if (!row) throw new AisleError('NOT_FOUND', `no product ${productId}`);
    const colourParam = req.query.colour;
    const colour = typeof colourParam === 'string' && colourParam.length > 0 && colourParam.length <= 60 ? colourParam : undefined;
    const svg = renderProductImage(asImageSubject(productId, row.data), colour);
    const etag = `"${createHash('sha256').update(svg).digest('base64url').slice(0, 27)}"`;
    reply.header('cache-control', 'public, max-age=86400');
    reply.header('etag', etag);
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.type('image/svg+xml').send(svg);
  });
}
