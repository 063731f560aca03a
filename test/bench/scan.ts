/**
 * `npm run bench:scan`: decode time per image for each engine considered, side by side, on every ZXing
 * blackbox set (rotation 0, tryHarder, as the accuracy test runs) and on 1280×720 camera frames of a demo
 * EAN-13 (the live camera's fast path, tryHarder off), plus empty frames (what the worker spends on most
 * frames). Writes test/bench/results/scan.json and prints a table. Node, one core: the camera worker runs
 * the same wasm in Chromium's V8, so these numbers carry over to within JIT differences.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gtinFromSymbol } from '../../shared/barcode/gtin';
import { isEanUpc } from '../../shared/barcode/formats';
import type { DecodedFormat } from '../../shared/barcode/formats';
import type { BarcodeDecoder, DecodeOptions, PixelFrame } from '../../renderer/scan/engine/types';
import { centralRoi, cropFrame } from '../../renderer/scan/engine/pixels';
import { loadBlackbox, nodeDecoder, readImage, repoRoot } from '../accuracy/blackbox';
import type { EngineName } from '../accuracy/blackbox';
import { renderEan13 } from '../fixtures/camera/ean13';
import { FRAME_HEIGHT, FRAME_WIDTH, demoEan13 } from '../fixtures/camera/y4m';
import { runCamera } from '../fixtures/camera/browser';

export interface ScanBenchRow {
  engine: string;
  set: string;
  decoded: number;
  total: number;
  medianMs: number;
  p95Ms: number;
}

interface FrameCase {
  readonly frame: PixelFrame;
  readonly check: (text: string, format: DecodedFormat) => boolean;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, i)] ?? 0) * 100) / 100;
}

async function timeFrames(
  decoder: BarcodeDecoder,
  frames: readonly FrameCase[],
  options: DecodeOptions,
): Promise<{ decoded: number; times: number[] }> {
  const times: number[] = [];
  let decoded = 0;
  for (const { frame, check } of frames) {
    const started = performance.now();
    const outcome = await decoder.decode(frame, options);
    times.push(performance.now() - started);
    if (outcome && check(outcome.text, outcome.format)) decoded++;
  }
  return { decoded, times: times.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  const engines: { name: string; engine: EngineName }[] = [
    { name: 'zxing-wasm (app)', engine: 'app' },
    { name: 'zxing-js', engine: 'zxing-js' },
  ];
  const sets = loadBlackbox();
  const loaded = await Promise.all(
    sets.map(async (set) => ({
      set,
      frames: await Promise.all(
        set.images.map(async (image) => ({
          frame: await readImage(image.file),
          check: (text: string, format: DecodedFormat): boolean => {
            if (set.format === null || image.expected === null) return true; // any read of a false positive counts
            if (isEanUpc(set.format)) return gtinFromSymbol(text, format) === gtinFromSymbol(image.expected.trim(), set.format);
            return text === image.expected;
          },
        })),
      ),
    })),
  );

  const demo = demoEan13();
  const cameraFrames: FrameCase[] = Array.from({ length: 30 }, (_, i) => ({
    frame: { width: FRAME_WIDTH, height: FRAME_HEIGHT, channels: 1, data: renderEan13(demo.barcode, { width: FRAME_WIDTH, height: FRAME_HEIGHT, moduleWidth: 3 + (i % 3), barHeight: 260, centerX: 560 + 10 * i, noise: 8, seed: i + 1 }) } satisfies PixelFrame,
    check: (text: string, format: DecodedFormat) => gtinFromSymbol(text, format) === demo.gtin,
  }));
  const emptyFrames: FrameCase[] = Array.from({ length: 30 }, (_, i) => ({
    frame: { width: FRAME_WIDTH, height: FRAME_HEIGHT, channels: 1, data: new Uint8Array(FRAME_WIDTH * FRAME_HEIGHT).map((_, p) => 100 + ((p * 2654435761 + i) >>> 27)) } satisfies PixelFrame,
    check: () => true,
  }));

  const rows: ScanBenchRow[] = [];
  for (const { name, engine } of engines) {
    const decoder = nodeDecoder(engine);
    await decoder.ready();
    // Warm the JIT on a few frames first so the first set does not pay for compilation.
    await timeFrames(decoder, cameraFrames.slice(0, 3), { tryHarder: true });
    for (const { set, frames } of loaded) {
      const { decoded, times } = await timeFrames(decoder, frames, { tryHarder: true });
      rows.push({ engine: name, set: set.name, decoded, total: frames.length, medianMs: percentile(times, 50), p95Ms: percentile(times, 95) });
    }
    const roi = centralRoi(FRAME_WIDTH, FRAME_HEIGHT);
    const cropped = (list: readonly FrameCase[]): FrameCase[] => list.map((f) => ({ ...f, frame: cropFrame(f.frame, roi) }));
    const cameraSets = [
      ['camera-1280x720-ean13', cameraFrames],
      ['camera-1280x720-empty', emptyFrames],
      ['camera-roi-ean13', cropped(cameraFrames)],
      ['camera-roi-empty', cropped(emptyFrames)],
    ] as const;
    for (const [label, frames] of cameraSets) {
      const { decoded, times } = await timeFrames(decoder, frames, { tryHarder: false, formats: ['EAN_13', 'EAN_8', 'UPC_A', 'UPC_E', 'CODE_128', 'QR_CODE', 'DATA_MATRIX'] });
      rows.push({ engine: name, set: label, decoded, total: frames.length, medianMs: percentile(times, 50), p95Ms: percentile(times, 95) });
    }
  }

  // The browser: Chromium's fake camera plays a Y4M of the demo EAN-13; the app's CameraSession decodes in
  // its worker. Per-frame worker time on whole 1280×720 frames and on the default region of interest, and
  // the time from the first frame shown to the first result (three runs).
  if (existsSync('/usr/bin/chromium')) {
    const browserEngine = 'zxing-wasm (Chromium worker)';
    for (const roi of ['full', 'default'] as const) {
      const run = await runCamera({ frames: 30, roi });
      const times = run.results.map((r) => r.decodeMs).sort((a, b) => a - b);
      const decoded = run.results.filter((r) => r.text === demo.barcode).length;
      rows.push({ engine: browserEngine, set: roi === 'full' ? 'camera-1280x720-ean13' : 'camera-roi-ean13', decoded, total: 30, medianMs: percentile(times, 50), p95Ms: percentile(times, 95) });
    }
    const firsts: number[] = [];
    let ok = 0;
    for (let i = 0; i < 3; i++) {
      const run = await runCamera({ frames: 1 });
      const first = run.results[0];
      if (first?.text === demo.barcode) ok++;
      if (first) firsts.push(first.sinceFirstFrameMs);
    }
    firsts.sort((a, b) => a - b);
    rows.push({ engine: browserEngine, set: 'first-frame-to-result', decoded: ok, total: 3, medianMs: percentile(firsts, 50), p95Ms: percentile(firsts, 95) });
    engines.push({ name: browserEngine, engine: 'app' });
  } else {
    process.stdout.write('skipping the browser measurements: no /usr/bin/chromium\n');
  }

  const dir = join(repoRoot, 'test/bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'scan.json'), JSON.stringify(rows, null, 2) + '\n');

  const setNames = [...new Set(rows.map((r) => r.set))];
  const COL = 44;
  process.stdout.write(''.padEnd(24) + engines.map((e) => e.name.padStart(COL)).join('') + '\n');
  process.stdout.write('set'.padEnd(24) + engines.map(() => 'decoded  median ms   p95 ms'.padStart(COL)).join('') + '\n');
  for (const s of setNames) {
    const cells = engines.map((e) => {
      const r = rows.find((x) => x.engine === e.name && x.set === s);
      return r ? (`${r.decoded}/${r.total}`.padStart(COL - 19) + r.medianMs.toFixed(1).padStart(10) + r.p95Ms.toFixed(1).padStart(9)) : ''.padStart(COL);
    });
    process.stdout.write(s.padEnd(24) + cells.join('') + '\n');
  }
  process.stdout.write(`wrote test/bench/results/scan.json (demo item ${demo.barcode}: ${demo.title})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
