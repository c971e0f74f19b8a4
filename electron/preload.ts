/**
 * Preload: the whole surface the page gets, as `window.tillsight` (the `Transport`
 * of common/api.ts). No raw ipcRenderer, no Node, no event objects reach the page.
 *
 *   call(method, input)   -> Promise<output>
 *   upload(name, bytes)   -> Promise<{ uploadId }>
 *   onProgress(listener)  -> unsubscribe()
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
import { contextBridge, ipcRenderer } from 'electron';
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
      throw bridgeError(code, String(err.message ?? 'Unknown error'));
    }
    const value = pick(r);
    if (value !== undefined) return value;
  }
  throw bridgeError('internal', 'The app returned an unexpected reply.');
}

const tillsight: Transport = {
  async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
    if (typeof method !== 'string') throw bridgeError('bad-input', 'The method name must be a string.');
    let reply: unknown;
    try {
      reply = await ipcRenderer.invoke('tillsight:call', method, input);
    } catch (e) {
      throw bridgeError('internal', e instanceof Error ? e.message : String(e));
    }
    return unwrap(reply, (r) => ('ok' in r ? (r.ok as ApiOutput<M>) : undefined));
  },

  async upload(name: string, data: ArrayBuffer): Promise<{ uploadId: string }> {
    if (typeof name !== 'string' || !(data instanceof ArrayBuffer || ArrayBuffer.isView(data))) {
      throw bridgeError('bad-input', 'upload(name, data) needs a file name and an ArrayBuffer.');
    }
    let reply: unknown;
    try {
      reply = await ipcRenderer.invoke('tillsight:upload', name, data);
    } catch (e) {
      throw bridgeError('internal', e instanceof Error ? e.message : String(e));
    }
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
};

contextBridge.exposeInMainWorld('tillsight', tillsight);
