/**
 * Pixel helpers shared by the engines: luminance conversion and quarter-turn rotation. Pure functions on
 * typed arrays so they run in a worker and in Node alike.
 */
import type { PixelFrame } from './types';

/** Converts to 8-bit luminance with ZXing's integer weights (so both engines see the same grey levels). */
export function toLuminance(frame: PixelFrame): Uint8Array {
  const { width, height, data } = frame;
  if (data.length < width * height * frame.channels) {
    throw new RangeError(`frame data holds ${data.length} bytes, need ${width * height * frame.channels}`);
  }
  if (frame.channels === 1) return data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, width * height);
  const out = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    const r = data[p] ?? 0;
    const g = data[p + 1] ?? 0;
    const b = data[p + 2] ?? 0;
    const a = data[p + 3] ?? 255;
    // Transparent pixels (common in PNG exports) count as white paper, as a browser would show them.
    const lum = (306 * r + 601 * g + 117 * b + 512) >> 10;
    out[i] = a === 255 ? lum : (lum * a + 255 * (255 - a) + 127) / 255;
  }
  return out;
}

export type QuarterTurn = 0 | 90 | 180 | 270;

/** Rotates a luminance image clockwise by a quarter-turn multiple; returns the new dimensions. */
export function rotateLuminance(lum: Uint8Array, width: number, height: number, degrees: QuarterTurn): { data: Uint8Array; width: number; height: number } {
  if (degrees === 0) return { data: lum, width, height };
  const out = new Uint8Array(width * height);
  if (degrees === 180) {
    for (let i = 0, n = lum.length; i < n; i++) out[n - 1 - i] = lum[i] ?? 0;
    return { data: out, width, height };
  }
  // 90° clockwise: source (x, y) lands at (height-1-y, x) in a height×width image; 270° at (y, width-1-x).
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = lum[y * width + x] ?? 0;
      if (degrees === 90) out[x * height + (height - 1 - y)] = v;
      else out[(width - 1 - x) * height + y] = v;
    }
  }
  return { data: out, width: height, height: width };
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The region of interest of a frame, as a new tightly packed frame (clamped to the frame's bounds). */
export function cropFrame(frame: PixelFrame, rect: Rect): PixelFrame {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(frame.width, Math.floor(rect.x + rect.width));
  const y1 = Math.min(frame.height, Math.floor(rect.y + rect.height));
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  const c = frame.channels;
  const out = new Uint8Array(w * h * c);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * frame.width + x0) * c;
    out.set(frame.data.subarray(from, from + w * c), y * w * c);
  }
  return { width: w, height: h, channels: c, data: out };
}

/** The default region of interest: the middle 70% of the width and 50% of the height, where people aim. */
export function centralRoi(width: number, height: number): Rect {
  return { x: Math.round(width * 0.15), y: Math.round(height * 0.25), width: Math.round(width * 0.7), height: Math.round(height * 0.5) };
}
