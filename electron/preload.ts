/**
 * Preload: the whole surface the page gets, as `window.tillsight` (the `Transport`
 * of common/api.ts, plus what only the desktop has). No raw ipcRenderer, no Node, no event
 * objects reach the page.
 *
 *   call(method, input)                  -> Promise<output>
 *   upload(name, bytes)                  -> Promise<{ uploadId }>
 *   onProgress(listener)                 -> unsubscribe()
 *   importFile(file)                     -> Promise<{ uploadId, fileName, size }>
 *       a dropped or picked File, imported from its real path: `webUtils.getPathForFile`
 *       (Electron >= 32 has no File.path) gives the path here, in the preload, and only
 *       for a file that is on disk; a File the page made itself has none and is refused.
 *   saveDownload(downloadId, name)       -> Promise<{ saved, path? }>
 *       the report a `reportExport` wrote, saved where the owner picks in the native dialog.
 *   onMenu(listener)                     -> unsubscribe()
 *       menu actions the page carries out (export, reload, theme, files to import); events
 *       that come before the page listens are kept and handed to its first listener.
 *
 * Failures reject with an Error whose message is the JSON error body every transport
 * uses, `{"error":{"code":"bad-input","message":"…"}}`: the context bridge copies only
 * an Error's message into the page, so the code travels inside it
 * (renderer/transport/electron.ts parses it back into a TransportError).
 *
 * The window is sandboxed, so this file runs as a classic script with a small
 * `require`: it is compiled to CommonJS as dist/electron/preload.cjs
 * (electron/tsconfig.preload.json + electron/build-preload.mjs) and may import
 * nothing at runtime but 'electron' (types from common/ are erased).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ApiErrorBody, ApiInput, ApiMethod, ApiOutput, ProgressEvent, Transport } from '../common/api.js';

type ErrorInfo = ApiErrorBody['error'];

/** The Error the page receives: its message is the JSON body `{ error: { code, message } }`. */
function bridgeError(code: ErrorInfo['code'], message: string): Error {
  return new Error(JSON.stringify({ error: { code, message } } satisfies ApiErrorBody));
}

const CODES: ReadonlySet<string> = new Set<ErrorInfo['code']>(['bad-input', 'refused', 'not-found', 'cancelled', 'internal']);

/** Unwraps `{ ok } | { error }` (call) or `{ uploadId } | { error }` (upload). */
function unwrap<T>(reply: unknown, pick: (r: Record<string, unknown>) => T | undefined): T {
  if (reply && typeof reply === 'object') {
    const r = reply as Record<string, unknown>;
    if (r.error && typeof r.error === 'object') {
      const err = r.error as { code?: unknown; message?: unknown };
      const code = typeof err.code === 'string' && CODES.has(err.code) ? (err.code as ErrorInfo['code']) : 'internal';
      throw bridgeError(code, typeof err.message === 'string' ? err.message : 'Unknown error');
    }
    const value = pick(r);
    if (value !== undefined) return value;
  }
  throw bridgeError('internal', 'The app returned an unexpected reply.');
}

/** Menu events that arrived before the page subscribed (a file opened with the app, at launch). */
const earlyMenuEvents: unknown[] = [];
const menuListeners = new Set<(event: unknown) => void>();
ipcRenderer.on('tillsight:menu', (_event: unknown, payload: unknown) => {
  if (menuListeners.size === 0) earlyMenuEvents.push(payload);
  else for (const l of menuListeners) l(payload);
});

async function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  try {
    return await ipcRenderer.invoke(channel, ...args);
  } catch (e) {
    throw bridgeError('internal', e instanceof Error ? e.message : String(e));
  }
}

interface DesktopBridge extends Transport {
  importFile(file: File): Promise<{ uploadId: string; fileName: string; size: number }>;
  saveDownload(downloadId: string, suggestedName: string): Promise<{ saved: boolean; path?: string }>;
  onMenu(listener: (event: unknown) => void): () => void;
}

const tillsight: DesktopBridge = {
  async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
    if (typeof method !== 'string') throw bridgeError('bad-input', 'The method name must be a string.');
    const reply = await invoke('tillsight:call', method, input);
    return unwrap(reply, (r) => ('ok' in r ? (r.ok as ApiOutput<M>) : undefined));
  },

  async upload(name: string, data: ArrayBuffer): Promise<{ uploadId: string }> {
    if (typeof name !== 'string' || !(data instanceof ArrayBuffer || ArrayBuffer.isView(data))) {
      throw bridgeError('bad-input', 'upload(name, data) needs a file name and an ArrayBuffer.');
    }
    const reply = await invoke('tillsight:upload', name, data);
    return unwrap(reply, (r) => (typeof r.uploadId === 'string' ? { uploadId: r.uploadId } : undefined));
  },

  onProgress(listener: (event: ProgressEvent) => void): () => void {
    if (typeof listener !== 'function') throw bridgeError('bad-input', 'onProgress needs a function.');
    // Only the payload is passed on, never the IpcRendererEvent (it holds `sender`).
    const handler = (_event: unknown, progress: ProgressEvent): void => listener(progress);
    ipcRenderer.on('tillsight:progress', handler);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener('tillsight:progress', handler);
    };
  },

  async importFile(file: File) {
    let filePath = '';
    try {
      filePath = webUtils.getPathForFile(file);
    } catch {
      // not a File (the page passed something else): no path
    }
    if (!filePath) throw bridgeError('bad-input', 'That file is not on this computer\u2019s disk, so it cannot be imported from where it is.');
    const reply = await invoke('tillsight:open-path', filePath);
    return unwrap(reply, (r) =>
      typeof r.uploadId === 'string'
        ? { uploadId: r.uploadId, fileName: typeof r.fileName === 'string' ? r.fileName : '', size: typeof r.size === 'number' ? r.size : 0 }
        : undefined,
    );
  },

  async saveDownload(downloadId: string, suggestedName: string) {
    if (typeof downloadId !== 'string') throw bridgeError('bad-input', 'saveDownload needs the download id reportExport returned.');
    const reply = await invoke('tillsight:save-download', downloadId, typeof suggestedName === 'string' ? suggestedName : '');
    return unwrap(reply, (r) =>
      typeof r.saved === 'boolean' ? (typeof r.path === 'string' ? { saved: r.saved, path: r.path } : { saved: r.saved }) : undefined,
    );
  },

  onMenu(listener: (event: unknown) => void): () => void {
    if (typeof listener !== 'function') throw bridgeError('bad-input', 'onMenu needs a function.');
    menuListeners.add(listener);
    for (const early of earlyMenuEvents.splice(0)) listener(early);
    return () => {
      menuListeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('tillsight', tillsight);
