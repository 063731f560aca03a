/**
 * Tells the renderer when the network comes and goes (DesktopApi.onDidChangeOnline). Chromium's
 * navigator.onLine only sees the local interface; Electron's net.isOnline() is the same signal from main,
 * polled because Electron has no change event for it. Kept deliberately small: the sync module still
 * treats a failed request as the real truth about reachability.
 *
 * Security checklist: none directly; it exists so the renderer needs no Node access to learn this.
 */
export interface OnlineWatchDeps {
  isOnline(): boolean;
  /** Delivers the new state to every app window. */
  broadcast(online: boolean): void;
  intervalMs?: number;
}

/** Polls isOnline and broadcasts only changes; returns a stop function. */
export function watchOnline(deps: OnlineWatchDeps): () => void {
  let last = deps.isOnline();
  const timer = setInterval(() => {
    const now = deps.isOnline();
    if (now === last) return;
    last = now;
    deps.broadcast(now);
  }, deps.intervalMs ?? 5000);
  // The poll must not keep the process alive on quit.
  timer.unref();
  return () => clearInterval(timer);
}
