/**
 * zxing-cpp compiled to WebAssembly (zxing-wasm) behind the decoder interface: the default engine, chosen
 * by measurement (docs/scanning.md). The .wasm ships inside the npm package and is bundled with the app;
 * the package's own default would fetch it from a CDN, which a kiosk must never do, so the caller always
 * says where the bytes are: `wasmBinary` (Node reads it from node_modules) or `wasmUrl` (the browser build
 * imports it with Vite's `?url`). Loading is lazy and happens once per JS realm (one per worker).
 */
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { ReadInputBarcodeFormat, ReaderOptions, ReadResult } from 'zxing-wasm/reader';
import type { BarcodeFormat, DecodedFormat } from '../../../shared/barcode/formats';
import { BARCODE_FORMATS } from '../../../shared/barcode/formats';
import { toLuminance } from './pixels';
import type { BarcodeDecoder, DecodeOptions, DecodeOutcome, PixelFrame } from './types';

export type WasmSource = { readonly wasmBinary: ArrayBuffer } | { readonly wasmUrl: string };

const TO_WASM: Readonly<Record<BarcodeFormat, ReadInputBarcodeFormat>> = {
  EAN_13: 'EAN13',
  EAN_8: 'EAN8',
  UPC_A: 'UPCA',
  UPC_E: 'UPCE',
  CODE_128: 'Code128',
  ITF: 'ITF',
  QR_CODE: 'QRCode',
  DATA_MATRIX: 'DataMatrix',
};

function fromWasm(format: string): DecodedFormat {
  for (const f of BARCODE_FORMATS) if (TO_WASM[f] === format) return f;
  return 'OTHER';
}

/** The bytes or URL the module was prepared with: decoders sharing them share one wasm instance. */
let preparedFor: ArrayBuffer | string | null = null;

let loading: Promise<unknown> | null = null;

function prepare(source: WasmSource): void {
  const key = 'wasmBinary' in source ? source.wasmBinary : source.wasmUrl;
  if (preparedFor === key) return;
  preparedFor = key;
  loading = null;
  prepareZXingModule({
    overrides:
      'wasmBinary' in source
        ? { wasmBinary: source.wasmBinary }
        : { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? source.wasmUrl : prefix + path) },
    // Re-preparing with a different source must load again; the same source reuses the instance.
    equalityFn: Object.is,
  });
}

function isOpaque(rgba: Uint8Array | Uint8ClampedArray): boolean {
  for (let p = 3; p < rgba.length; p += 4) if (rgba[p] !== 255) return false;
  return true;
}

/**
 * The package's public entry point takes RGBA only and ignores alpha, which turns the transparent
 * background of many PNG exports black. Opaque RGBA (camera frames) goes through as a view; luminance and
 * transparent images go through toLuminance (which treats transparency as white paper) and back to grey RGBA.
 */
function asRgba(frame: PixelFrame): Uint8ClampedArray<ArrayBuffer> {
  const d = frame.data;
  if (frame.channels === 4 && isOpaque(d)) {
    // A view, not a copy, unless the pixels sit in a SharedArrayBuffer (which the package does not accept).
    return d.buffer instanceof ArrayBuffer ? new Uint8ClampedArray(d.buffer, d.byteOffset, d.length) : new Uint8ClampedArray(d);
  }
  const lum = toLuminance(frame);
  const out = new Uint8ClampedArray(lum.length * 4);
  for (let i = 0, p = 0; i < lum.length; i++, p += 4) {
    const v = lum[i] ?? 0;
    out[p] = v;
    out[p + 1] = v;
    out[p + 2] = v;
    out[p + 3] = 255;
  }
  return out;
}

function readerOptions(options: DecodeOptions | undefined, pass: Partial<ReaderOptions>): ReaderOptions {
  const formats = (options?.formats ?? BARCODE_FORMATS).filter((f): f is BarcodeFormat => f !== 'OTHER').map((f) => TO_WASM[f]);
  const harder = options?.tryHarder ?? true;
  return {
    formats,
    tryHarder: harder,
    // Rotation stays on even in the fast path: a handheld code is rarely upright, and without it
    // zxing-cpp misses every DataMatrix turned 90°.
    tryRotate: true,
    tryInvert: harder,
    tryDownscale: true,
    // Plain keeps GS1 data as element strings with GS (ASCII 29) for FNC1, which shared/barcode/gs1 parses;
    // the default 'HRI' would rewrite it to "(01)…" and lose the symbology's own separators.
    textMode: 'Plain',
    // When trying harder, a few symbols, not one: when a code sits inside another (ZXing's "double QR"
    // photo) or two labels share a photo, the first found is not necessarily the one aimed at (see pick()).
    // The live camera stops at the first: it crops to the region of interest, which does the aiming.
    maxNumberOfSymbols: harder ? 4 : 1,
    ...pass,
  };
}

/**
 * Extra binarizations tried, in order, only when the default finds nothing and tryHarder is on: each one
 * recovers photos the others miss (uneven light, blur, noise). Measured on the ZXing blackbox sets; see
 * docs/scanning.md. A live camera uses tryHarder: false and so pays for one pass per frame.
 */
const HARDER_PASSES: readonly Partial<ReaderOptions>[] = [
  { binarizer: 'FixedThreshold' },
  { tryDenoise: true },
  { minLineCount: 1 },
];

type Point = { readonly x: number; readonly y: number };

function centre(r: ReadResult): Point {
  const p = r.position;
  return { x: (p.topLeft.x + p.topRight.x + p.bottomRight.x + p.bottomLeft.x) / 4, y: (p.topLeft.y + p.topRight.y + p.bottomRight.y + p.bottomLeft.y) / 4 };
}

/** Whether point q lies inside r's quadrilateral (same side of all four edges). */
function contains(r: ReadResult, q: Point): boolean {
  const p = r.position;
  const corners = [p.topLeft, p.topRight, p.bottomRight, p.bottomLeft];
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = corners[i] ?? q;
    const b = corners[(i + 1) % 4] ?? q;
    const cross = (b.x - a.x) * (q.y - a.y) - (b.y - a.y) * (q.x - a.x);
    if (cross === 0) continue;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return sign !== 0;
}

function area(r: ReadResult): number {
  const { topLeft: a, topRight: b, bottomRight: c, bottomLeft: d } = r.position;
  // Shoelace formula over the four corners.
  return Math.abs(a.x * b.y - b.x * a.y + (b.x * c.y - c.x * b.y) + (c.x * d.y - d.x * c.y) + (d.x * a.y - a.x * d.y)) / 2;
}

/**
 * Which symbol the user meant when a frame holds several: the one nearest the centre of the image (people
 * aim at what they scan; e.g. the ISBN rather than the price code below it on a Japanese book), unless it
 * is printed inside another symbol (ZXing's "double QR" photo), in which case the enclosing one.
 */
function pick(results: readonly ReadResult[], width: number, height: number): ReadResult | undefined {
  const valid = results.filter((r) => r.isValid && r.text !== '');
  const distance = (r: ReadResult): number => {
    const c = centre(r);
    return Math.hypot(c.x - width / 2, c.y - height / 2);
  };
  let aimed: ReadResult | undefined;
  for (const r of valid) if (!aimed || distance(r) < distance(aimed)) aimed = r;
  if (!aimed) return undefined;
  const c = centre(aimed);
  let best = aimed;
  for (const r of valid) if (r !== aimed && contains(r, c) && area(r) > area(best)) best = r;
  return best;
}

/** The AIM identifier each symbology uses for GS1 data (FNC1 in first position). */
const GS1_AIM: Partial<Readonly<Record<DecodedFormat, string>>> = { CODE_128: ']C1', DATA_MATRIX: ']d2', QR_CODE: ']Q3' };

function toOutcome(result: ReadResult, started: number): DecodeOutcome {
  const format = fromWasm(result.format);
  // zxing-cpp's own identifier modifiers vary by version (a GS1 DataMatrix came back as ]d8), but it
  // always flags GS1 content; the classifier keys on the standard identifier, so report that one.
  const id = result.contentType === 'GS1' ? (GS1_AIM[format] ?? result.symbologyIdentifier) : result.symbologyIdentifier;
  return { text: result.text, format, ...(id ? { symbologyId: id } : {}), ms: performance.now() - started };
}

export function createZxingWasmDecoder(source: WasmSource): BarcodeDecoder {
  return {
    name: 'zxing-wasm',
    async ready(): Promise<void> {
      prepare(source);
      loading ??= prepareZXingModule({ fireImmediately: true });
      await loading;
    },
    async decode(frame: PixelFrame, options?: DecodeOptions): Promise<DecodeOutcome | null> {
      const started = performance.now();
      prepare(source);
      const image = { width: frame.width, height: frame.height, data: asRgba(frame), colorSpace: 'srgb' } satisfies ImageDataLike;
      const passes = (options?.tryHarder ?? true) ? [{}, ...HARDER_PASSES] : [{}];
      for (const pass of passes) {
        const best = pick(await readBarcodes(image, readerOptions(options, pass)), frame.width, frame.height);
        if (best) return toOutcome(best, started);
      }
      return null;
    },
  };
}

/** What zxing-wasm reads from an ImageData; declared here so the engine needs no DOM lib. */
interface ImageDataLike {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray<ArrayBuffer>;
  readonly colorSpace: 'srgb';
}
