/**
 * One live camera scan: opens the chosen camera, shows it in a <video>, sends the region of interest of a
 * frame to the decode worker whenever the worker is free (never queueing frames: a slow decode skips
 * frames rather than lagging behind), suppresses repeats, and releases the camera when stopped or when
 * the page is hidden (and reopens it when visible again), so the camera light goes off with the screen.
 * Not React: CameraScanner wraps it, and the browser benchmark drives it directly.
 */
import type { DecodedFormat } from '../../../shared/barcode/formats';
import type { DecodeOutcome } from '../engine/types';
import { createDeduper } from './dedupe';
import type { DecodeRequest } from './protocol';
import { parseDecodeReply } from './protocol';

/** Region of interest as fractions of the video frame. */
export interface RoiFraction {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_ROI: RoiFraction = { x: 0.15, y: 0.25, width: 0.7, height: 0.5 };

export interface CameraTiming {
  /** ms from the first video frame this session showed to this result. */
  readonly sinceFirstFrameMs: number;
  /** ms the worker spent decoding the frame that produced it. */
  readonly decodeMs: number;
}

export interface CameraSessionOptions {
  readonly video: HTMLVideoElement;
  readonly deviceId?: string;
  readonly roi?: RoiFraction;
  readonly dedupeMs?: number;
  readonly tryHarder?: boolean;
  readonly formats?: readonly DecodedFormat[];
  readonly onResult: (outcome: DecodeOutcome, timing: CameraTiming) => void;
  readonly onError?: (message: string) => void;
  /** Called once the stream is open, with whether the camera has a controllable torch. */
  readonly onOpen?: (info: { readonly torch: boolean; readonly deviceId: string | undefined }) => void;
}

export async function listCameras(): Promise<MediaDeviceInfo[]> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((d) => d.kind === 'videoinput');
}

/** torch is not yet in TypeScript's DOM lib; read it from the capabilities object without trusting it. */
function hasTorch(track: MediaStreamTrack): boolean {
  if (typeof track.getCapabilities !== 'function') return false;
  const caps: unknown = track.getCapabilities();
  return typeof caps === 'object' && caps !== null && 'torch' in caps && caps.torch === true;
}

export class CameraSession {
  readonly #o: CameraSessionOptions;
  #worker: Worker | null = null;
  #stream: MediaStream | null = null;
  #busy = false;
  #running = false;
  #nextId = 1;
  #firstFrameAt: number | null = null;
  #frameHandle = 0;
  readonly #isNew: (text: string, now: number) => boolean;
  readonly #onVisibility = (): void => {
    if (document.visibilityState === 'hidden') this.#release();
    else if (this.#running) void this.#open().catch((e: unknown) => this.#o.onError?.(String(e)));
  };

  constructor(options: CameraSessionOptions) {
    this.#o = options;
    this.#isNew = createDeduper(options.dedupeMs ?? 3000);
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });
    this.#worker.onmessage = (event: MessageEvent<unknown>) => this.#onReply(event.data);
    this.#worker.onerror = (event) => this.#o.onError?.(`decoder worker failed: ${event.message}`);
    document.addEventListener('visibilitychange', this.#onVisibility);
    await this.#open();
  }

  stop(): void {
    this.#running = false;
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#release();
    this.#worker?.terminate();
    this.#worker = null;
  }

  async setTorch(on: boolean): Promise<boolean> {
    const track = this.#stream?.getVideoTracks()[0];
    if (!track || !hasTorch(track)) return false;
    // `torch` is a standard constraint (Image Capture) that TypeScript's lib does not list yet.
    const constraints: MediaTrackConstraints = { advanced: [{ torch: on } as MediaTrackConstraintSet] };
    await track.applyConstraints(constraints);
    return true;
  }

  async #open(): Promise<void> {
    if (this.#stream) return;
    const video: MediaTrackConstraints = this.#o.deviceId
      ? { deviceId: { exact: this.#o.deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } }
      : { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } };
    const stream = await navigator.mediaDevices.getUserMedia({ video, audio: false });
    if (!this.#running || document.visibilityState === 'hidden') {
      for (const t of stream.getTracks()) t.stop();
      return;
    }
    this.#stream = stream;
    const el = this.#o.video;
    el.srcObject = stream;
    el.muted = true;
    el.playsInline = true;
    await el.play();
    const track = stream.getVideoTracks()[0];
    this.#o.onOpen?.({ torch: track ? hasTorch(track) : false, deviceId: track?.getSettings().deviceId });
    this.#schedule();
  }

  #release(): void {
    if (this.#frameHandle) cancelAnimationFrame(this.#frameHandle);
    this.#frameHandle = 0;
    for (const t of this.#stream?.getTracks() ?? []) t.stop();
    this.#stream = null;
    this.#o.video.srcObject = null;
    this.#busy = false;
  }

  #schedule(): void {
    const el = this.#o.video;
    // requestVideoFrameCallback fires once per new camera frame; rAF is the fallback.
    if ('requestVideoFrameCallback' in el) el.requestVideoFrameCallback(() => this.#onFrame());
    else this.#frameHandle = requestAnimationFrame(() => this.#onFrame());
  }

  #onFrame(): void {
    if (!this.#stream || !this.#running) return;
    this.#firstFrameAt ??= performance.now();
    if (!this.#busy && this.#worker) void this.#send(this.#worker);
    this.#schedule();
  }

  async #send(worker: Worker): Promise<void> {
    const el = this.#o.video;
    const w = el.videoWidth;
    const h = el.videoHeight;
    if (!w || !h) return;
    this.#busy = true;
    const roi = this.#o.roi ?? DEFAULT_ROI;
    try {
      const bitmap = await createImageBitmap(el, Math.round(roi.x * w), Math.round(roi.y * h), Math.round(roi.width * w), Math.round(roi.height * h));
      const request: DecodeRequest = { type: 'decode', id: this.#nextId++, bitmap, tryHarder: this.#o.tryHarder ?? false, ...(this.#o.formats ? { formats: this.#o.formats } : {}) };
      worker.postMessage(request, [bitmap]);
    } catch (error) {
      this.#busy = false;
      this.#o.onError?.(String(error));
    }
  }

  #onReply(data: unknown): void {
    const reply = parseDecodeReply(data);
    if (!reply) return;
    if (reply.id >= 0) this.#busy = false;
    if (reply.type === 'error') {
      this.#o.onError?.(reply.message);
      return;
    }
    const { outcome } = reply;
    if (!outcome) return;
    const now = performance.now();
    if (!this.#isNew(outcome.text, now)) return;
    this.#o.onResult(outcome, { sinceFirstFrameMs: now - (this.#firstFrameAt ?? now), decodeMs: outcome.ms });
  }
}
