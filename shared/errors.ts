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
}

export function isTransferableError(value: unknown): value is TransferableError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['code'] === 'string' && typeof v['message'] === 'string';
}

export class AisleError extends Error {
  readonly code: ErrorCode;
  readonly details: FieldIssue[] | undefined;
  constructor(code: ErrorCode, message: string, details?: FieldIssue[]) {
    super(message);
    this.name = 'AisleError';
    this.code = code;
    this.details = details;
  }
  toTransferable(): TransferableError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}
