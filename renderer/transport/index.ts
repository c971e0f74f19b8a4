import type { Transport } from '../../common/api.js';
import { createElectronTransport, type DesktopExtras } from './electron.js';
import { createHttpTransport } from './http.js';

export { TransportError } from './http.js';
export type { MenuEvent } from './electron.js';

/** The Electron preload bridge when present, else the local HTTP server that served this page. */
export function chooseTransport(): Transport {
  if (typeof window !== 'undefined' && window.tillsight) return createElectronTransport(window.tillsight);
  return createHttpTransport();
}

/** The desktop app's extra powers when the page runs there (native save dialog, files by path, menu), else null. */
export function desktopExtras(transport: Transport): DesktopExtras | null {
  const t = transport as Transport & Partial<DesktopExtras>;
  return t.importFile && t.saveDownload && t.onMenu ? (t as DesktopExtras) : null;
}

/**
 * Hands a chosen or dropped file to the host. On the desktop a file on disk is imported from
 * where it is (its path comes from the preload, never its bytes through the page); elsewhere,
 * or for a file with no path, its bytes are uploaded.
 */
export async function uploadFile(transport: Transport, file: File): Promise<{ uploadId: string }> {
  const desktop = desktopExtras(transport);
  if (desktop) {
    try {
      return await desktop.importFile(file);
    } catch (e) {
      if ((e as { code?: string }).code !== 'bad-input') throw e;
      // not on disk (e.g. a file made by the page): send its bytes as the browser does
    }
  }
  return transport.upload(file.name, await file.arrayBuffer());
}
