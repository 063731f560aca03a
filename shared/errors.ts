/**
 * Errors that cross a boundary (HTTP, IPC, sync) are plain objects with a stable machine-readable code
 * and a human message, so they survive structured clone and JSON alike.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'SCHEMA_OUTDATED'
  | 'ENROLLMENT_CODE_INVALID'
  | 'SERVER_UNREACHABLE'
  | 'IMPORT_FAILED'
  /** Too many wrong PINs for one staff member: sign-in is locked for a while (the message says how long). */
  | 'LOCKED_OUT'
  | 'RATE_LIMITED'
  | 'INTERNAL';

export interface FieldIssue {
  /** JSON pointer-ish path into the payload, e.g. "/0/newDocumentState/price/amount". */
  path: string;
  message: string;
}

export interface TransferableError {
  code: ErrorCode;
  message: string;
  details?: FieldIssue[];
  /** How many more problems there were than `details` lists (error bodies list at most MAX_LISTED_ISSUES). */
  omittedDetails?: number;
  /** RATE_LIMITED: seconds until the caller may try again (the Retry-After header says the same). */
  retryAfterSeconds?: number;
}

/** An error body lists at most this many field problems, so a payload with 100,000 bad keys gets a small answer. */
export const MAX_LISTED_ISSUES = 20;

export function isTransferableError(value: unknown): value is TransferableError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['code'] === 'string' && typeof v['message'] === 'string';
}

export class AisleError extends Error {
  readonly code: ErrorCode;
  readonly details: FieldIssue[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** Problems found beyond those in `details` (a walk that stopped listing but kept counting). */
  readonly uncounted: number;
  constructor(code: ErrorCode, message: string, details?: FieldIssue[], extra: { retryAfterSeconds?: number; omittedDetails?: number } = {}) {
    super(message);
    this.name = 'AisleError';
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.uncounted = extra.omittedDetails ?? 0;
  }
  /** The plain form; `details` is capped at MAX_LISTED_ISSUES with the rest counted in `omittedDetails`. */
  toTransferable(): TransferableError {
    const out: TransferableError = { code: this.code, message: this.message };
    if (this.details) {
      out.details = this.details.slice(0, MAX_LISTED_ISSUES);
      const omitted = Math.max(0, this.details.length - MAX_LISTED_ISSUES) + this.uncounted;
      if (omitted > 0) out.omittedDetails = omitted;
    }
    if (this.retryAfterSeconds !== undefined) out.retryAfterSeconds = this.retryAfterSeconds;
    return out;
  }
}
