/**
 * The auto-update feed, served by the catalog server so a store network needs no other host: electron-updater's
 * "generic" provider reads `GET /updates/<platform>/latest.yml` (latest-mac.yml on macOS) and then downloads the
 * installer named in it from the same folder. Files come from a folder given by --updates / AISLE_UPDATES_DIR,
 * laid out as <dir>/<platform>/ with what `npm run dist` writes to release/ (latest*.yml, installers, blockmaps).
 *
 * What must stay true: only files directly inside <dir>/<linux|mac|win>/ are served — no path segments, no
 * dot-files, no "..": the name pattern allows none — and the feed is public (an updater has no device token),
 * so the folder must hold nothing but release artefacts.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

export const UPDATE_PLATFORMS = ['linux', 'mac', 'win'] as const;
const FILE = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,200}$/;

const TYPES: Readonly<Record<string, string>> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.blockmap': 'application/octet-stream',
  '.exe': 'application/vnd.microsoft.portable-executable',
  '.dmg': 'application/x-apple-diskimage',
  '.zip': 'application/zip',
  '.appimage': 'application/octet-stream',
  '.deb': 'application/vnd.debian.binary-package',
};

export function registerUpdateFeed(app: FastifyInstance, options: { dir: string }): void {
  const root = path.resolve(options.dir);
  app.get<{ Params: { platform: string; file: string } }>('/updates/:platform/:file', async (request, reply) => {
    const { platform, file } = request.params;
    if (!(UPDATE_PLATFORMS as readonly string[]).includes(platform)) return reply.code(404).send({ code: 'NOT_FOUND', message: `no update feed for platform "${platform}" (linux, mac or win)` });
    if (!FILE.test(file) || file.includes('..')) return reply.code(400).send({ code: 'BAD_REQUEST', message: 'not an update file name' });
    const full = path.join(root, platform, file);
    // Belt and braces: the pattern already excludes separators, but the resolved path must stay in the folder.
    if (path.dirname(full) !== path.join(root, platform)) return reply.code(400).send({ code: 'BAD_REQUEST', message: 'not an update file name' });
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) return reply.code(404).send({ code: 'NOT_FOUND', message: `no ${file} in the ${platform} update feed` });
    reply.header('content-type', TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
    reply.header('content-length', info.size);
    // latest.yml must never be cached by a proxy, or devices miss a release; installers are immutable by name.
    reply.header('cache-control', file.endsWith('.yml') ? 'no-cache' : 'public, max-age=86400');
    return reply.send(createReadStream(full));
  });
}
