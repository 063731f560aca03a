import type { DesktopApi } from '../../shared/ipc';

declare global {
  /** package.json's version, injected by renderer/vite.config.ts. */
  const __AISLE_VERSION__: string;

  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a plain browser, where renderer/host/browserHost.ts stands in. */
    readonly aisle?: DesktopApi;
  }
}

export {};
