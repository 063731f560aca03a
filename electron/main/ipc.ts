/**
 * Registers one ipcMain.handle per invoke method of the DesktopApi contract (shared/ipc.ts).
 *
 * Security checklist: "validate the sender of all IPC messages" (17) — a call whose sender frame is not on
 * app://aisle is refused with FORBIDDEN before anything else runs — and "do not expose Electron APIs to
 * untrusted web content" (3/20): arguments are parsed from unknown by IPC_ARG_PARSERS before a handler sees them.
 *
 * Errors never cross as thrown exceptions (Electron would flatten them to a message); every reply is an
 * IpcResult (electron/common/ipcResult.ts) that the preload turns back into an AisleError with its code.
 */
import type { DesktopApi, DesktopInvokeMethod } from '../../shared/ipc';
import { IPC_ARG_PARSERS, ipcChannel } from '../../shared/ipc';
import type { IpcResult } from '../common/ipcResult';
import { toTransferableError } from '../common/ipcResult';
import { isAppUrl } from './origin';
import type { Logger } from './log';

/** One handler per invoke method; a method missing here is a compile error. */
export type DesktopHandlers = {
  [M in DesktopInvokeMethod]: (...args: Parameters<DesktopApi[M]>) => ReturnType<DesktopApi[M]>;
};

/** What a handler needs from Electron's IpcMainInvokeEvent. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
}

export type InvokeListener = (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcResult<unknown>>;

export interface IpcMainLike {
  handle(channel: string, listener: InvokeListener): void;
  removeHandler(channel: string): void;
}

export const INVOKE_METHODS = Object.keys(IPC_ARG_PARSERS).filter((key): key is DesktopInvokeMethod => key in IPC_ARG_PARSERS);

/** The listener for one method: sender check, argument parsing, handler, result wrapping. */
export function createInvokeListener<M extends DesktopInvokeMethod>(method: M, handlers: DesktopHandlers, log: Logger): InvokeListener {
  const parse: (args: readonly unknown[]) => Parameters<DesktopApi[M]> = IPC_ARG_PARSERS[method];
  const handler: (...args: Parameters<DesktopApi[M]>) => ReturnType<DesktopApi[M]> = handlers[method];
  return async (event, ...args) => {
    // senderFrame is null when the frame navigated away or was destroyed before the call arrived.
    const senderUrl = event.senderFrame?.url;
    if (!isAppUrl(senderUrl)) {
      log.warn(`refused ${method} from ${senderUrl ?? 'a destroyed frame'}`);
      return { ok: false, error: { code: 'FORBIDDEN', message: `${method} is only available to the Aisle app` } };
    }
    try {
      const value: unknown = await handler(...parse(args));
      return { ok: true, value };
    } catch (error) {
      const transferable = toTransferableError(error);
      if (transferable.code === 'INTERNAL') log.error(`${method} failed`, error);
      return { ok: false, error: transferable };
    }
  };
}

/** Registers every method; returns a function that removes the handlers again (used by tests and on quit). */
export function registerIpcHandlers(ipcMain: IpcMainLike, handlers: DesktopHandlers, log: Logger): () => void {
  for (const method of INVOKE_METHODS) ipcMain.handle(ipcChannel(method), createInvokeListener(method, handlers, log));
  return () => {
    for (const method of INVOKE_METHODS) ipcMain.removeHandler(ipcChannel(method));
  };
}
