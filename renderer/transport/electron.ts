/**
 * Transport over the Electron preload bridge: `window.tillsight` exposes call / upload /
 * onProgress, and what only the desktop has: importFile (a dropped or picked file imported
 * from its real path), saveDownload (a report saved through the native dialog) and onMenu
 * (menu actions for the page). Nothing else (context isolation on).
 */
import type { ApiInput, ApiMethod, ApiOutput, ProgressEvent, Transport } from '../../common/api.js';
import { TransportError } from './http.js';

export interface TillsightBridge {
  call(method: string, input: unknown): Promise<unknown>;
  upload(name: string, data: ArrayBuffer): Promise<{ uploadId: string }>;
  onProgress(cb: (event: ProgressEvent) => void): () => void;
  importFile?(file: File): Promise<{ uploadId: string; fileName: string; size: number }>;
  saveDownload?(downloadId: string, suggestedName: string): Promise<{ saved: boolean; path?: string }>;
  onMenu?(cb: (event: unknown) => void): () => void;
}

/** What the desktop's menu tells the page (electron/main.ts sends the same shape). */
export type MenuEvent =
  | { action: 'export-pdf' | 'reload' | 'theme-light' | 'theme-dark' | 'theme-system' | 'retrain' | 'data-changed' }
  | { action: 'import-uploads'; uploads: Array<{ uploadId: string; name: string; size: number }>; errors: string[] };

const SIMPLE_ACTIONS = new Set(['export-pdf', 'reload', 'theme-light', 'theme-dark', 'theme-system', 'retrain', 'data-changed']);

export function isMenuEvent(e: unknown): e is MenuEvent {
  if (!e || typeof e !== 'object') return false;
  const action = (e as { action?: unknown }).action;
  if (typeof action === 'string' && SIMPLE_ACTIONS.has(action)) return true;
  if (action !== 'import-uploads') return false;
  const { uploads, errors } = e as { uploads?: unknown; errors?: unknown };
  return Array.isArray(uploads) && Array.isArray(errors);
}

/** The desktop-only part of a transport (absent under `tillsight serve`). */
export interface DesktopExtras {
  importFile(file: File): Promise<{ uploadId: string; fileName: string; size: number }>;
  saveDownload(downloadId: string, suggestedName: string): Promise<{ saved: boolean; path?: string }>;
  onMenu(cb: (event: MenuEvent) => void): () => void;
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

export function createElectronTransport(bridge: TillsightBridge): Transport & Partial<DesktopExtras> {
  const extras: Partial<DesktopExtras> = {};
  if (bridge.importFile) {
    extras.importFile = async (file) => {
      try {
        return await bridge.importFile!(file);
      } catch (e) {
        throw toTransportError(e);
      }
    };
  }
  if (bridge.saveDownload) {
    extras.saveDownload = async (downloadId, suggestedName) => {
      try {
        return await bridge.saveDownload!(downloadId, suggestedName);
      } catch (e) {
        throw toTransportError(e);
      }
    };
  }
  if (bridge.onMenu) extras.onMenu = (cb) => bridge.onMenu!((event) => isMenuEvent(event) && cb(event));
  return {
    ...extras,
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
  };
}
