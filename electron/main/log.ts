/**
 * The main process's logger, injected into modules so tests can assert what was reported. Main has no
 * log file yet; console output lands in the terminal in development and in the OS log when packaged.
 */
export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (message, detail) => console.info(`[aisle] ${message}`, ...(detail === undefined ? [] : [detail])),
  warn: (message, detail) => console.warn(`[aisle] ${message}`, ...(detail === undefined ? [] : [detail])),
  error: (message, detail) => console.error(`[aisle] ${message}`, ...(detail === undefined ? [] : [detail])),
};

/** Runs a promise on purpose without awaiting it, reporting a rejection instead of dropping it. */
export function fireAndForget(promise: Promise<unknown>, log: Logger, what: string): void {
  promise.catch((error: unknown) => log.error(`${what} failed`, error));
}
