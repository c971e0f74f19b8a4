/**
 * Transport over the Electron preload bridge: `window.tillsight` exposes
 * call / upload / onProgress and nothing else (context isolation on).
 */
import type { ApiInput, ApiMethod, ApiOutput, ProgressEvent, Transport } from '../../common/api.js';
import { TransportError } from './http.js';

export interface TillsightBridge {
  call(method: string, input: unknown): Promise<unknown>;
  upload(name: string, data: ArrayBuffer): Promise<{ uploadId: string }>;
  onProgress(cb: (event: ProgressEvent) => void): () => void;
  /** The native save dialog, then a copy of the core's file to the chosen path (electron/ provides it). */
  saveDownload?(download: { downloadId: string; fileName: string }): Promise<{ saved: boolean }>;
}

declare global {
  interface Window {
    tillsight?: TillsightBridge;
  }
}

/** IPC rejects with an Error whose message may carry the core's { error: { code, message } } body. */
function toTransportError(e: unknown): TransportError {
  if (e instanceof TransportError) return e;
  const raw = e instanceof Error ? e.message : String(e);
  const m = /\{.*"error".*\}/s.exec(raw);
  if (m) {
    try {
      const body = JSON.parse(m[0]) as { error?: { code?: string; message?: string } };
      if (body.error?.message) return new TransportError(body.error.code ?? 'internal', body.error.message);
    } catch {
      /* fall through */
    }
  }
  const code = (e as { code?: unknown })?.code;
  return new TransportError(typeof code === 'string' ? code : 'internal', raw.replace(/^Error invoking remote method '[^']*': (Error: )?/, ''));
}

export function createElectronTransport(bridge: TillsightBridge): Transport {
  return {
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      try {
        return (await bridge.call(method, input ?? {})) as ApiOutput<M>;
      } catch (e) {
        throw toTransportError(e);
      }
    },
    async upload(name: string, data: ArrayBuffer) {
      try {
        return await bridge.upload(name, data);
      } catch (e) {
        throw toTransportError(e);
      }
    },
    onProgress(listener) {
      return bridge.onProgress(listener);
    },
    async saveDownload(download) {
      if (!bridge.saveDownload) throw new TransportError('internal', 'This version of the desktop app cannot save files yet.');
      try {
        return await bridge.saveDownload(download);
      } catch (e) {
        throw toTransportError(e);
      }
    },
  };
}
