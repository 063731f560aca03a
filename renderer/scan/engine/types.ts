/**
 * The one decoder interface every engine implements. It is deliberately free of DOM types (no ImageData,
 * no canvas): the same engine runs in the camera's Web Worker, in Node for the accuracy test and in the
 * `npm run decode` CLI, so what CI measures is what the kiosk runs.
 */
import type { DecodedFormat } from '../../../shared/barcode/formats';

/**
 * A frame to decode. `channels: 1` is 8-bit luminance (one byte per pixel, e.g. the Y plane of a camera
 * frame); `channels: 4` is RGBA as canvases and PNG decoders produce it. Rows are tightly packed.
 */
export interface PixelFrame {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 4;
  readonly data: Uint8Array | Uint8ClampedArray;
}

export interface DecodeOutcome {
  readonly text: string;
  readonly format: DecodedFormat;
  /** AIM symbology identifier such as `]E0` or `]C1` when the engine reports one; it tells GS1 data apart. */
  readonly symbologyId?: string;
  /** Wall time of this decode call, including every rotation tried. */
  readonly ms: number;
}

export interface DecodeOptions {
  /** Slower, more thorough search; the accuracy test and the CLI use it, a live camera may not need it. */
  readonly tryHarder?: boolean;
  /** Limit the search to these symbologies (fewer formats: faster and fewer false positives). */
  readonly formats?: readonly DecodedFormat[];
}

export interface BarcodeDecoder {
  readonly name: string;
  /** Loads the engine (e.g. instantiates the wasm) so the first decode is not slowed by it. */
  ready(): Promise<void>;
  /** Resolves to null when no barcode was found; rejects only on engine failure (e.g. wasm not loadable). */
  decode(frame: PixelFrame, options?: DecodeOptions): Promise<DecodeOutcome | null>;
}
