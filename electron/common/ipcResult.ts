/**
 * How a result crosses the IPC boundary between main and the preload.
 *
 * Electron serialises an Error thrown in an ipcMain.handle handler into a bare message prefixed with
 * "Error invoking remote method ...", losing its code. So handlers never throw across the boundary: they
 * return `{ ok: true, value }` or `{ ok: false, error: TransferableError }`, and the preload turns the latter
 * back into an AisleError with the same code. This file has no Electron or Node import: both sides bundle it.
 */
import { AisleError, isTransferableError } from '../../shared/errors';
import type { ErrorCode, TransferableError } from '../../shared/errors';

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: TransferableError };

const ERROR_CODES = new Set<string>([
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'SCHEMA_OUTDATED',
  'ENROLLMENT_CODE_INVALID',
  'SERVER_UNREACHABLE',
  'IMPORT_FAILED',
  'RATE_LIMITED',
  'INTERNAL',
] satisfies ErrorCode[]);

function isErrorCode(value: string): value is ErrorCode {
  return ERROR_CODES.has(value);
}

/** Any thrown value as a plain object that survives structured clone; unknown errors become INTERNAL. */
export function toTransferableError(error: unknown): TransferableError {
  if (error instanceof AisleError) return error.toTransferable();
  // A Node error (code 'ENOENT', 'EACCES' ...) looks transferable too; its code is not ours, so it becomes INTERNAL.
  if (isTransferableError(error)) return { code: isErrorCode(error.code) ? error.code : 'INTERNAL', message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}

/**
 * Reads what main sent back. The preload trusts main, but the value still arrives as `unknown` through
 * ipcRenderer.invoke, so its shape is checked rather than cast; the value itself is typed by the contract.
 */
export function unwrapIpcResult(result: unknown, channel: string): unknown {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    if (result.ok === true && 'value' in result) return result.value;
    if (result.ok === false && 'error' in result && isTransferableError(result.error)) {
      const { code, message } = result.error;
      throw new AisleError(isErrorCode(code) ? code : 'INTERNAL', message);
    }
  }
  throw new AisleError('INTERNAL', `${channel}: malformed reply from the desktop process`);
}
