/**
 * The camera's decode worker: receives one region-of-interest bitmap at a time, reads its pixels on an
 * OffscreenCanvas and runs the app's decoder (zxing-wasm), so no pixel work and no wasm ever run on the UI
 * thread. The .wasm is bundled by Vite from node_modules (`?url`), never fetched from a CDN.
 */
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { createScanDecoder } from '../engine/index';
import type { DecodeReply } from './protocol';
import { parseDecodeRequest } from './protocol';

const decoder = createScanDecoder({ wasmUrl });
let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

function reply(message: DecodeReply): void {
  self.postMessage(message);
}

async function handle(data: unknown): Promise<void> {
  const request = parseDecodeRequest(data);
  if (!request) return;
  const { bitmap, id } = request;
  try {
    if (!canvas || canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
      canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      ctx = canvas.getContext('2d', { willReadFrequently: true });
    }
    if (!ctx) throw new Error('no 2D context in the decode worker');
    ctx.drawImage(bitmap, 0, 0);
    const image = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    const outcome = await decoder.decode(
      { width: image.width, height: image.height, channels: 4, data: image.data },
      { tryHarder: request.tryHarder, ...(request.formats ? { formats: request.formats } : {}) },
    );
    reply({ type: 'decoded', id, outcome });
  } catch (error) {
    reply({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
  } finally {
    bitmap.close();
  }
}

// Instantiate the wasm as soon as the worker starts, not on the first frame.
decoder.ready().catch((error: unknown) => reply({ type: 'error', id: -1, message: String(error) }));

self.onmessage = (event: MessageEvent<unknown>) => {
  void handle(event.data);
};
