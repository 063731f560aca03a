/**
 * `npx tsx test/bench/profileSummary.ts FILE.cpuprofile [--dir out/renderer] [--top 25]` — where a renderer CPU
 * profile (the bench's --profile-sync / --profile-change, Chromium's CDP Profiler) spent its time, by original
 * source file rather than by minified chunk. Each sampled frame is mapped back through the build's source maps
 * (`<asset>.js.map` under --dir, read with Node's own `module.SourceMap`), so an RxDB or Dexie function shows as
 * `node_modules/dexie/dist/dexie.mjs` with its name, and our own code as `renderer/data/…`.
 *
 * Prints three tables: self time by source file; self time by function; and, for each of our own functions
 * (renderer/ and shared/), the time of every sample with that function anywhere on its stack (inclusive), which
 * tells which of our code paths the library time is spent for. Native entries ((program), (garbage collector),
 * (idle), native calls such as fetch) are kept under their own names. The profile must come from the build in
 * --dir (the bench serves out/renderer, or AISLE_RENDERER_DIR).
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Frame {
  /** Source file (a path relative to the repository, node_modules/… for libraries), or a native entry's name. */
  file: string;
  /** Function name where the source map or the profile knows one. */
  name: string;
  line: number;
}

const maps = new Map<string, SourceMap | null>();

function mapFor(dir: string, url: string): SourceMap | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const cached = maps.get(pathname);
  if (cached !== undefined) return cached;
  const file = path.join(dir, pathname + '.map');
  const map = existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]) : null;
  maps.set(pathname, map);
  return map;
}

/** Shortens a source map's source path to something readable: the repository-relative path, or node_modules/<package>/… */
export function readableSource(source: string): string {
  const clean = source.replace(/^webpack:\/\/|^file:\/\//, '').replace(/\\/g, '/');
  const modules = clean.lastIndexOf('node_modules/');
  if (modules >= 0) return clean.slice(modules);
  const parts = clean.split('/');
  const at = parts.findIndex((p) => p === 'renderer' || p === 'shared');
  return at >= 0 ? parts.slice(at).join('/') : clean.replace(/^(\.\.\/)+/, '');
}

function frameOf(dir: string, cf: CallFrame): Frame {
  if (cf.url === '') return { file: cf.functionName || '(anonymous native)', name: cf.functionName, line: -1 };
  const map = mapFor(dir, cf.url);
  // CDP's lineNumber and columnNumber are 0-based, as SourceMap.findEntry expects.
  const entry = map?.findEntry(cf.lineNumber, cf.columnNumber);
  if (!entry || !('originalSource' in entry) || !entry.originalSource) return { file: path.basename(cf.url), name: cf.functionName || '(anonymous)', line: cf.lineNumber };
  const name = ('name' in entry && typeof entry.name === 'string' && entry.name) || cf.functionName || '(anonymous)';
  return { file: readableSource(entry.originalSource), name, line: entry.originalLine + 1 };
}

export function summarise(profile: CpuProfile, dir: string): { totalMs: number; byFile: Map<string, number>; byFunction: Map<string, number>; ownInclusive: Map<string, number> } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frames = new Map<number, Frame>();
  const frame = (id: number): Frame => {
    let f = frames.get(id);
    if (!f) {
      const node = nodes.get(id);
      f = node ? frameOf(dir, node.callFrame) : { file: '(unknown)', name: '', line: -1 };
      frames.set(id, f);
    }
    return f;
  };
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const ownInclusive = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number): void => void m.set(k, (m.get(k) ?? 0) + v);
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const f = frame(id);
    add(byFile, f.file, ms);
    add(byFunction, f.line >= 0 ? `${f.name} (${f.file}:${f.line})` : f.file, ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const g = frame(at);
      if (!/^(renderer|shared)\//.test(g.file)) continue;
      const key = `${g.name} (${g.file}:${g.line})`;
      if (seen.has(key)) continue;
      seen.add(key);
      add(ownInclusive, key, ms);
    }
  });
  return { totalMs, byFile, byFunction, ownInclusive };
}

function table(title: string, m: Map<string, number>, total: number, top: number): void {
  console.log(`\n${title}\n| ms | % | |\n| ---: | ---: | --- |`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| ${Math.round(v)} | ${((v / total) * 100).toFixed(1)} | ${k} |`);
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { dir: { type: 'string', default: process.env['AISLE_RENDERER_DIR'] ?? 'out/renderer' }, top: { type: 'string', default: '25' } } });
  const file = positionals[0];
  if (!file) throw new Error('usage: tsx test/bench/profileSummary.ts FILE.cpuprofile [--dir out/renderer] [--top 25]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const top = Number(values.top);
  const s = summarise(profile, path.resolve(values.dir));
  console.log(`${file}: ${Math.round(s.totalMs)} ms sampled over ${Math.round((profile.endTime - profile.startTime) / 1000)} ms`);
  table('Self time by source file', s.byFile, s.totalMs, top);
  table('Self time by function', s.byFunction, s.totalMs, top);
  table('Inclusive time of our own functions (renderer/, shared/)', s.ownInclusive, s.totalMs, top);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
