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

/**
 * Every code, at run time: the renderer's texts (renderer/ui/errors/messages.ts) are checked against this list, so a
 * new code cannot ship without a text in every language. TypeScript makes the record name every ErrorCode.
 */
const EVERY_CODE: Readonly<Record<ErrorCode, true>> = {
  BAD_REQUEST: true, VALIDATION_FAILED: true, UNAUTHENTICATED: true, FORBIDDEN: true, NOT_FOUND: true, CONFLICT: true,
  SCHEMA_OUTDATED: true, ENROLLMENT_CODE_INVALID: true, SERVER_UNREACHABLE: true, IMPORT_FAILED: true, LOCKED_OUT: true,
  RATE_LIMITED: true, INTERNAL: true,
};
export const ERROR_CODES: readonly ErrorCode[] = Object.keys(EVERY_CODE).filter((c): c is ErrorCode => Object.hasOwn(EVERY_CODE, c));

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(EVERY_CODE, value);
}

/**
 * What a screen needs to say more than the code, in words of its own language (the message stays English for logs
 * and curl). Each is optional; a screen that lacks one says the code's general text.
 */
export interface ErrorParams {
  /** FORBIDDEN from a route that acts for a person: who must be signed in online at this counter. */
  need?: 'staff' | 'manager';
  /** ENROLLMENT_CODE_INVALID: why the code was refused. */
  why?: 'unknown' | 'used' | 'expired';
  /** UNAUTHENTICATED: the device's token was revoked (enroll again) rather than unknown or missing. */
  revoked?: boolean;
}

/** The values ErrorParams allows, for parsers of error bodies (the renderer reads them from `unknown`). */
export const ERROR_PARAM_VALUES = {
  need: ['staff', 'manager'],
  why: ['unknown', 'used', 'expired'],
} as const;

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
  /** What the screen's text needs beyond the code (ErrorParams). */
  params?: ErrorParams;
  /**
   * 'server': from talking to the catalog server — its answer, or no answer — so the renderer says it by code in the
   * screen's language; absent: raised on this device with a message already meant for the screen.
   */
  origin?: 'server';
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
  readonly params: ErrorParams | undefined;
  readonly origin: 'server' | undefined;
  constructor(code: ErrorCode, message: string, details?: FieldIssue[], extra: { retryAfterSeconds?: number; omittedDetails?: number; params?: ErrorParams; origin?: 'server' } = {}) {
    super(message);
    this.name = 'AisleError';
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.uncounted = extra.omittedDetails ?? 0;
    this.params = extra.params;
    this.origin = extra.origin;
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
    if (this.params !== undefined) out.params = this.params;
    if (this.origin !== undefined) out.origin = this.origin;
    return out;
  }
}
