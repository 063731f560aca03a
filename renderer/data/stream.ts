/**
 * The live change stream (GET /api/v1/sync/stream, Server-Sent Events) read with fetch, because EventSource
 * cannot send the Authorization header. It reconnects with capped exponential backoff when the stream drops or
 * the server is unreachable, and a watchdog drops a connection that went silent (the server pings every 15 s).
 */
import { AisleError, type TransferableError } from '../../shared/errors';
import { API_PREFIX, type StreamEvent } from '../../shared/sync';
import { authHeaders, rawRequest, type ServerAuth } from './http';
import { parseStreamEvent } from './guards';
import { isQuotaExceeded, type DeviceSay } from './deviceError';
import { SseParser } from './sse';

export interface StreamCallbacks {
  onOpen(): void;
  onEvent(event: StreamEvent): void;
  onError(error: TransferableError): void;
}

export interface StreamHandle {
  /** Skip the current backoff wait and reconnect now (the host reported it is back online). */
  wake(): void;
  close(): void;
}

const SILENCE_LIMIT_MS = 45_000;

export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.75 + random() * 0.5));
}

export function toTransferable(error: unknown): TransferableError {
  if (error instanceof AisleError) return error.toTransferable();
  // A full disk: said in the screen's words (DeviceSay 'storageFull'), not as the browser's error name.
  if (isQuotaExceeded(error)) {
    const full: TransferableError & { say: DeviceSay } = { code: 'INTERNAL', message: `This device's storage is full (QuotaExceededError)`, say: { key: 'storageFull' } };
    return full;
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

export function openChangeStream(auth: ServerAuth, callbacks: StreamCallbacks): StreamHandle {
  const stopped = new AbortController();
  let wakeUp: (() => void) | null = null;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wakeUp = null;
        stopped.signal.removeEventListener('abort', done);
        resolve();
      }
      wakeUp = done;
      stopped.signal.addEventListener('abort', done);
    });

  async function connectOnce(): Promise<void> {
    const connection = new AbortController();
    const abortConnection = (): void => connection.abort();
    stopped.signal.addEventListener('abort', abortConnection);
    let watchdog = setTimeout(abortConnection, SILENCE_LIMIT_MS);
    const feed = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(abortConnection, SILENCE_LIMIT_MS);
    };
    try {
      const res = await rawRequest(auth.serverUrl, `${API_PREFIX}/sync/stream`, { headers: authHeaders(auth, { accept: 'text/event-stream' }), signal: connection.signal, cache: 'no-store' });
      if (!res.body) throw new AisleError('INTERNAL', 'the sync stream has no body');
      callbacks.onOpen();
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const parser = new SseParser();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        feed();
        for (const event of parser.push(decoder.decode(value, { stream: true }))) {
          const parsed = parseStreamEvent(event.data);
          if (parsed) callbacks.onEvent(parsed);
        }
      }
    } finally {
      clearTimeout(watchdog);
      stopped.signal.removeEventListener('abort', abortConnection);
    }
  }

  async function run(): Promise<void> {
    let attempt = 0;
    while (!stopped.signal.aborted) {
      const startedAt = Date.now();
      try {
        await connectOnce();
      } catch (error) {
        if (stopped.signal.aborted) return;
        // An aborted connection here is the watchdog: the stream went silent. Anything else is reported.
        if (!(error instanceof DOMException && error.name === 'AbortError')) callbacks.onError(toTransferable(error));
        if (error instanceof AisleError && (error.code === 'UNAUTHENTICATED' || error.code === 'SCHEMA_OUTDATED')) attempt = 6;
      }
      if (stopped.signal.aborted) return;
      // A connection that lived a while was healthy: start the backoff over.
      if (Date.now() - startedAt > 30_000) attempt = 0;
      await sleep(backoffMs(attempt));
      attempt++;
    }
  }

  run().catch((error: unknown) => callbacks.onError(toTransferable(error)));

  return {
    wake: () => wakeUp?.(),
    close: () => stopped.abort(),
  };
}
