/**
 * The app's decode pipeline: one `BarcodeDecoder` used by the camera worker, the accuracy test, the
 * benchmark and `npm run decode`. zxing-wasm (zxing-cpp) is the engine; docs/scanning.md records the
 * measurement behind that choice. The JS port stays importable for the benchmark's comparison.
 */
import { createZxingWasmDecoder } from './zxingWasm';
import type { WasmSource } from './zxingWasm';
import type { BarcodeDecoder } from './types';

export type { BarcodeDecoder, DecodeOptions, DecodeOutcome, PixelFrame } from './types';
export type { WasmSource } from './zxingWasm';

export function createScanDecoder(source: WasmSource): BarcodeDecoder {
  return createZxingWasmDecoder(source);
}
