/** The one door to the desktop: the preload's window.aisle in Electron, the browser host elsewhere. */
import type { DesktopApi } from '../../shared/ipc';
import { createBrowserHost } from './browserHost';

let api: DesktopApi | undefined;

export function getDesktopApi(): DesktopApi {
  api ??= window.aisle ?? createBrowserHost();
  return api;
}
