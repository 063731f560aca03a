/**
 * Messages between the camera session (UI thread) and the decode worker. Both sides parse what they
 * receive from `unknown`: a worker message is a boundary like any other.
 */
import type { DecodedFormat } from '../../../shared/barcode/formats';
import type { DecodeOutcome } from '../engine/types';

export interface DecodeRequest {
  readonly type: 'decode';
  readonly id: number;
  /** The region of interest of one video frame, transferred (not copied) to the worker. */
  readonly bitmap: ImageBitmap;
  readonly tryHarder: boolean;
  readonly formats?: readonly DecodedFormat[];
}

export type DecodeReply =
  | { readonly type: 'decoded'; readonly id: number; readonly outcome: DecodeOutcome | null }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function parseDecodeRequest(v: unknown): DecodeRequest | null {
  if (!isRecord(v) || v['type'] !== 'decode' || typeof v['id'] !== 'number' || !(v['bitmap'] instanceof ImageBitmap)) return null;
  const formats = v['formats'];
  return {
    type: 'decode',
    id: v['id'],
    bitmap: v['bitmap'],
    tryHarder: v['tryHarder'] === true,
    ...(Array.isArray(formats) ? { formats: formats.filter((f): f is DecodedFormat => typeof f === 'string') } : {}),
  };
}

export function parseDecodeReply(v: unknown): DecodeReply | null {
  if (!isRecord(v) || typeof v['id'] !== 'number') return null;
  if (v['type'] === 'error') return { type: 'error', id: v['id'], message: typeof v['message'] === 'string' ? v['message'] : 'decoder failed' };
  if (v['type'] !== 'decoded') return null;
  const o = v['outcome'];
  if (o === null) return { type: 'decoded', id: v['id'], outcome: null };
  if (!isRecord(o) || typeof o['text'] !== 'string' || typeof o['format'] !== 'string' || typeof o['ms'] !== 'number') return null;
  const symbologyId = typeof o['symbologyId'] === 'string' ? o['symbologyId'] : undefined;
  return {
    type: 'decoded',
    id: v['id'],
    // The format string comes from our own worker's engine mapping; unknown names are kept as OTHER.
    outcome: { text: o['text'], format: toFormat(o['format']), ms: o['ms'], ...(symbologyId ? { symbologyId } : {}) },
  };
}

const FORMATS: readonly DecodedFormat[] = ['EAN_13', 'EAN_8', 'UPC_A', 'UPC_E', 'CODE_128', 'ITF', 'QR_CODE', 'DATA_MATRIX', 'OTHER'];

function toFormat(v: string): DecodedFormat {
  return FORMATS.find((f) => f === v) ?? 'OTHER';
}
