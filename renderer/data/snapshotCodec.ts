/**
 * The binary frame an index snapshot is stored in (format 2, docs/performance.md "Cold start: the snapshot as one
 * buffer"): one ArrayBuffer holding a run of unsigned integers (LEB128 varints: most are lengths, counts and small
 * deltas, one byte each) and a run of strings (one UTF-8 text, cut by lengths among the integers), with a checksum.
 *
 * Why: the snapshot used to be the index's own object graph (MiniSearch's toJSON(), arrays of strings), and
 * structured clone builds such a graph object by object on the renderer's main thread when IndexedDB hands it back,
 * after the browser process has moved all of it. One ArrayBuffer is copied, not built, and this one is a third of
 * the size; the strings come out of one TextDecoder call.
 *
 * Layout (u32, little-endian): magic, kind, integer bytes, string bytes, checksum; then the integers, then the
 * strings. The checksum covers both. A buffer that is truncated, of another kind, or whose checksum does not match
 * throws a SnapshotFormatError, and the caller reads its index in full instead; so does a reader that runs past
 * the end of either run or leaves something unread.
 */

const MAGIC = 0x32534941; // 'AIS2'
const HEADER_BYTES = 20;

export class SnapshotFormatError extends Error {
  constructor(message: string) {
    super(`snapshot: ${message}`);
    this.name = 'SnapshotFormatError';
  }
}

/** FNV-1a over the bytes, 32 bits: enough to tell a damaged snapshot from a good one (not an attacker's). */
function checksum(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] ?? 0), 0x01000193);
  return h >>> 0;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Never split a surrogate pair between the prefix and the suffix (the suffix goes through UTF-8).
  if (i > 0 && i < a.length && (a.charCodeAt(i - 1) & 0xfc00) === 0xd800) i--;
  return i;
}

export class SnapshotWriter {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;
  private strings: string[] = [];

  /** An unsigned integer up to 2^53 - 1. */
  uint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new SnapshotFormatError(`not an unsigned integer: ${n}`);
    if (this.length + 8 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    while (n >= 0x80) {
      this.bytes[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.bytes[this.length++] = n;
  }

  /** A signed integer (a delta), zigzag-encoded. */
  int(n: number): void {
    this.uint(n < 0 ? -2 * n - 1 : 2 * n);
  }

  /** A string: its UTF-16 length goes with the integers, its text with the strings. */
  str(s: string): void {
    this.uint(s.length);
    this.strings.push(s);
  }

  /** A string written as what it shares with `previous` (a length) and the rest: ids in order share most. */
  strAfter(s: string, previous: string): void {
    const shared = commonPrefix(s, previous);
    this.uint(shared);
    this.str(s.slice(shared));
  }

  finish(kind: number): ArrayBuffer {
    const text = new TextEncoder().encode(this.strings.join(''));
    const buffer = new ArrayBuffer(HEADER_BYTES + this.length + text.length);
    const bytes = new Uint8Array(buffer);
    bytes.set(this.bytes.subarray(0, this.length), HEADER_BYTES);
    bytes.set(text, HEADER_BYTES + this.length);
    const view = new DataView(buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, kind, true);
    view.setUint32(8, this.length, true);
    view.setUint32(12, text.length, true);
    view.setUint32(16, checksum(bytes.subarray(HEADER_BYTES)), true);
    return buffer;
  }
}

export class SnapshotReader {
  private readonly bytes: Uint8Array;
  private readonly text: string;
  private at = 0;
  private textAt = 0;

  /** Checks the frame (magic, kind, sizes, checksum); throws SnapshotFormatError if it is not a good one. */
  constructor(buffer: unknown, kind: number) {
    if (!(buffer instanceof ArrayBuffer)) throw new SnapshotFormatError('not an ArrayBuffer');
    if (buffer.byteLength < HEADER_BYTES) throw new SnapshotFormatError('truncated header');
    const view = new DataView(buffer);
    if (view.getUint32(0, true) !== MAGIC) throw new SnapshotFormatError('not a snapshot frame');
    if (view.getUint32(4, true) !== kind) throw new SnapshotFormatError(`of kind ${view.getUint32(4, true)}, not ${kind}`);
    const intBytes = view.getUint32(8, true);
    const textBytes = view.getUint32(12, true);
    if (buffer.byteLength !== HEADER_BYTES + intBytes + textBytes) throw new SnapshotFormatError(`${buffer.byteLength} bytes, the header says ${HEADER_BYTES + intBytes + textBytes}`);
    const body = new Uint8Array(buffer, HEADER_BYTES);
    if (checksum(body) !== view.getUint32(16, true)) throw new SnapshotFormatError('checksum does not match');
    this.bytes = body.subarray(0, intBytes);
    this.text = new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(intBytes));
  }

  uint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.bytes.length) throw new SnapshotFormatError('ran past the integers');
      const b = this.bytes[this.at++] ?? 0;
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
      if (scale > 2 ** 53) throw new SnapshotFormatError('an integer is too long');
    }
  }

  int(): number {
    const z = this.uint();
    return z % 2 === 1 ? -(z + 1) / 2 : z / 2;
  }

  str(): string {
    const length = this.uint();
    if (this.textAt + length > this.text.length) throw new SnapshotFormatError('ran past the strings');
    const s = this.text.slice(this.textAt, this.textAt + length);
    this.textAt += length;
    return s;
  }

  strAfter(previous: string): string {
    const shared = this.uint();
    if (shared > previous.length) throw new SnapshotFormatError('a string shares more than its predecessor has');
    return previous.slice(0, shared) + this.str();
  }

  /** Throws unless every integer and every string was read: a frame that says more than was read is not trusted. */
  end(): void {
    if (this.at !== this.bytes.length || this.textAt !== this.text.length) throw new SnapshotFormatError('data left over');
  }
}
