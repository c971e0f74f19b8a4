import type { Transport } from '../../common/api.js';
import { createElectronTransport } from './electron.js';
import { createHttpTransport } from './http.js';

export { TransportError } from './http.js';

/** The Electron preload bridge when present, else the local HTTP server that served this page. */
export function chooseTransport(): Transport {
  if (typeof window !== 'undefined' && window.tillsight) return createElectronTransport(window.tillsight);
  return createHttpTransport();
}
