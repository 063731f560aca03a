/**
 * The preload: exposes the DesktopApi as window.aisle and nothing else.
 *
 * Security checklist: "enable context isolation" (3) and "do not expose Electron APIs to untrusted web
 * content" (20): contextBridge copies the API object into the page's world, so the page gets functions
 * that call fixed channels, never ipcRenderer. The window is sandboxed, so this file is bundled to a
 * single CommonJS file (out/electron/preload.cjs) whose only require is 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createDesktopApi } from './api';

contextBridge.exposeInMainWorld('aisle', createDesktopApi(ipcRenderer));
