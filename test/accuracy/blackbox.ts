/**
 * Node-side plumbing shared by the accuracy test, the benchmark and `npm run decode`: reading the ZXing
 * blackbox fixtures (images, expected text, manifest), decoding image files to pixels, and building the
 * app's decoder engines with the .wasm read from node_modules (never fetched).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, extname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import type { PixelFrame } from '../../renderer/scan/engine/types';
import type { QuarterTurn } from '../../renderer/scan/engine/pixels';
import { rotateLuminance, toLuminance } from '../../renderer/scan/engine/pixels';
import { createScanDecoder } from '../../renderer/scan/engine/index';
import { createZxingJsDecoder } from '../../renderer/scan/engine/zxingJs';
import { createZxingWasmDecoder } from '../../renderer/scan/engine/zxingWasm';
import type { BarcodeDecoder } from '../../renderer/scan/engine/types';
import type { BarcodeFormat } from '../../shared/barcode/formats';
import { isBarcodeFormat } from '../../shared/barcode/formats';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');

/**
 * The fixtures live in the workplace's shared folder beside the repository (CI clones the repo next to a
 * copy of it), so they are found relative to the repo root, not by an absolute path.
 */
export const blackboxRoot = resolve(repoRoot, '../shared/fixtures/zxing-blackbox');

let wasmBinary: ArrayBuffer | null = null;
export function nodeWasmBinary(): ArrayBuffer {
  if (!wasmBinary) {
    const require = createRequire(import.meta.url);
    const bytes = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
  return wasmBinary;
}

export type EngineName = 'app' | 'zxing-wasm' | 'zxing-js';

export function nodeDecoder(name: EngineName): BarcodeDecoder {
  if (name === 'zxing-js') return createZxingJsDecoder();
  if (name === 'zxing-wasm') return createZxingWasmDecoder({ wasmBinary: nodeWasmBinary() });
  return createScanDecoder({ wasmBinary: nodeWasmBinary() });
}

/** Decodes a PNG, JPEG or GIF file to RGBA. */
export async function readImage(file: string): Promise<PixelFrame> {
  const bytes = readFileSync(file);
  if (bytes[0] === 0x89 && bytes[1] === 0x50) {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const jpeg = await import('jpeg-js');
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: img.width, height: img.height, channels: 4, data: img.data };
  }
  if (bytes.subarray(0, 3).toString('latin1') === 'GIF') {
    const { GifReader } = await import('omggif');
    const gif = new GifReader(bytes);
    const data = new Uint8Array(gif.width * gif.height * 4);
    gif.decodeAndBlitFrameRGBA(0, data);
    return { width: gif.width, height: gif.height, channels: 4, data };
  }
  throw new Error(`${basename(file)}: not a PNG, JPEG or GIF`);
}

export function rotateFrame(frame: PixelFrame, turn: QuarterTurn): PixelFrame {
  const r = rotateLuminance(toLuminance(frame), frame.width, frame.height, turn);
  return { width: r.width, height: r.height, channels: 1, data: r.data };
}

export interface RotationThreshold {
  readonly mustPass: number;
  readonly tryHarder: number;
  readonly maxMisreads: number;
  readonly maxTryHarderMisreads: number;
}

export interface BlackboxSet {
  readonly name: string;
  /** null for a false-positive set: no image holds a barcode of a supported format. */
  readonly format: BarcodeFormat | null;
  readonly rotations: ReadonlyMap<QuarterTurn, RotationThreshold>;
  readonly maxFalsePositives: number;
  readonly images: readonly { readonly file: string; readonly expected: string | null }[];
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback;
}

function turnOf(v: string): QuarterTurn {
  if (v === '0' || v === '90' || v === '180' || v === '270') return Number(v) as QuarterTurn;
  throw new Error(`manifest: unsupported rotation ${v}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ZXing's AbstractBlackBoxTestCase reads only these; e.g. "x.png.error" is a deliberately excluded image.
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif']);

/** Parses manifest.json (from unknown: it is a file we do not own) and lists each set's images. */
export function loadBlackbox(root = blackboxRoot): BlackboxSet[] {
  const manifest: unknown = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  if (!isRecord(manifest) || !isRecord(manifest['sets'])) throw new Error('manifest.json: no "sets" object');
  const sets: BlackboxSet[] = [];
  for (const [name, raw] of Object.entries(manifest['sets'])) {
    if (!isRecord(raw)) throw new Error(`manifest.json: set ${name} is not an object`);
    const fmt = raw['format'];
    if (fmt !== null && !isBarcodeFormat(fmt)) throw new Error(`manifest.json: set ${name} has unknown format ${JSON.stringify(fmt)}`);
    const rotations = new Map<QuarterTurn, RotationThreshold>();
    const rr = raw['rotations'];
    if (Array.isArray(rr)) {
      for (const r of rr) rotations.set(turnOf(String(r)), { mustPass: 0, tryHarder: 0, maxMisreads: 0, maxTryHarderMisreads: 0 });
    } else if (isRecord(rr)) {
      for (const [r, t] of Object.entries(rr)) {
        if (!isRecord(t)) throw new Error(`manifest.json: ${name} rotation ${r} is not an object`);
        const mustPass = num(t['mustPass'], 0);
        const maxMisreads = num(t['maxMisreads'], 0);
        rotations.set(turnOf(r), {
          mustPass,
          tryHarder: num(t['tryHarder'], mustPass),
          maxMisreads,
          maxTryHarderMisreads: num(t['maxTryHarderMisreads'], maxMisreads),
        });
      }
    } else throw new Error(`manifest.json: ${name} has no rotations`);
    const dir = join(root, name);
    const images = readdirSync(dir)
      .filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((f) => {
        const txt = join(dir, basename(f, extname(f)) + '.txt');
        // Expected text is compared byte for byte, as ZXing does; only a false-positive set has none.
        return { file: join(dir, f), expected: existsSync(txt) ? readFileSync(txt, 'utf8') : null };
      });
    if (fmt !== null && images.some((i) => i.expected === null)) throw new Error(`${name}: an image has no expected .txt`);
    sets.push({ name, format: fmt, rotations, maxFalsePositives: num(raw['maxFalsePositives'], 0), images });
  }
  return sets;
}
