/**
 * The pure parts of the shell's security policy: which URLs are the app's own, and
 * which file an `app://` request may read. No Electron import, so plain Node's test
 * runner covers it (test/electron-safe-path.test.ts).
 */
import path from 'node:path';

/** The renderer is served from `app://tillsight/…` (a privileged, standard, secure scheme). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tillsight';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for URLs of the app's own origin (`app://tillsight/...`). */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/**
 * Maps the path part of a request (still percent-encoded, as in `URL.pathname`) to a
 * file inside `root`, or null when it must not be served. Refuses: malformed
 * percent-encoding, NUL bytes, backslashes (a separator on Windows), absolute paths or
 * drive letters once decoded, and anything that resolves outside `root` (`..`, `%2e%2e`,
 * encoded slashes). The empty path and `/` mean `index.html`.
 */
export function resolveInsideRoot(root: string, encodedPathname: string): string | null {
  if (typeof encodedPathname !== 'string' || encodedPathname.length > 4096) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(encodedPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  // Drop the leading slashes that every URL path has; what is left must be relative.
  const relative = decoded.replace(/^\/+/, '');
  if (relative === '') return path.join(path.resolve(root), 'index.html');
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) return null;
  if (relative.split('/').some((segment) => segment === '..')) return null;

  const base = path.resolve(root);
  const resolved = path.resolve(base, relative);
  const fromBase = path.relative(base, resolved);
  if (fromBase === '' || fromBase.startsWith('..') || path.isAbsolute(fromBase)) return null;
  return resolved;
}

export type AppRequestTarget =
  | { ok: true; file: string; /** No extension: a client-side route, served index.html if no such file. */ route: boolean }
  | { ok: false; status: 400 | 403 | 404 };

/** Full check for one `app://` request URL: right scheme and host, then `resolveInsideRoot`. */
export function resolveAppRequest(root: string, requestUrl: string): AppRequestTarget {
  let parsed: URL;
  try {
    parsed = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 403 };
  const file = resolveInsideRoot(root, parsed.pathname);
  if (file === null) return { ok: false, status: 404 };
  return { ok: true, file, route: path.extname(file) === '' };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The one Content-Security-Policy, sent with every `app://` response (and by `tillsight serve`). */
export { CONTENT_SECURITY_POLICY } from '../common/csp.js';

/** The only argument checks the IPC layer needs beyond callApi's own zod validation. */
export function isValidUploadName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && name.length <= 1024 && !name.includes('\0');
}

/** Largest file the desktop shell accepts in one upload (bytes). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** Bytes of an upload as received over IPC (ArrayBuffer, or a typed array / Buffer), else null. */
export function uploadBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}
