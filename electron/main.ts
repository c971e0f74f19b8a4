/**
 * Electron main process: a thin shell over the core.
 *
 * It creates the window, serves the renderer (dist/renderer) from a privileged
 * `app://tillsight/` protocol instead of file://, and forwards IPC calls from that page
 * to the core's `callApi`. It never runs heavy work itself (the core does imports and
 * training in worker threads) and exposes nothing but three IPC channels:
 *
 *   tillsight:call     (method, input)  -> { ok: output } | { error: { code, message } }
 *   tillsight:upload   (name, bytes)    -> { uploadId }   | { error: { code, message } }
 *   tillsight:progress (main -> page)   ProgressEvent
 *
 * Security (https://www.electronjs.org/docs/latest/tutorial/security): sandboxed,
 * context-isolated renderer without Node; strict CSP on every app:// response; no new
 * windows, no navigation away from app://, no webviews, every permission request denied;
 * every IPC message's sender frame must be the app's own top frame, and its arguments are
 * checked here (method name, upload shape) and by callApi's zod schemas (input).
 *
 * ESM main (package.json "type": "module", Electron >= 28). The code up to `whenReady`
 * runs before the `ready` event, which is required for registerSchemesAsPrivileged and
 * setPath.
 */
import { app, BrowserWindow, ipcMain, Menu, protocol, session, dialog } from 'electron';
import type { IpcMainInvokeEvent, MenuItemConstructorOptions, WebContents } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgressEvent } from '../common/api.js';
import { callApi, isApiMethod, toErrorBody, type ApiContext } from '../core/api/index.js';
import { saveUpload } from '../core/api/uploads.js';
import { openDb, type Db } from '../core/store/db.js';
import { resolveDbPath } from '../core/store/paths.js';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  MAX_UPLOAD_BYTES,
  isAppUrl,
  isValidUploadName,
  mimeType,
  resolveAppRequest,
  uploadBytes,
} from './safe-path.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/electron
const rendererRoot = path.resolve(here, '..', 'renderer'); // dist/renderer
const preloadPath = path.join(here, 'preload.cjs');

const CHANNEL_CALL = 'tillsight:call';
const CHANNEL_UPLOAD = 'tillsight:upload';
const CHANNEL_PROGRESS = 'tillsight:progress';

// ---------------------------------------------------------------------------
// Before `ready`: scheme privileges, sandbox for every renderer, data directory, one instance.

protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    // standard: real origin and relative URLs; secure: a secure context like https;
    // supportFetchAPI: fetch() of own assets. No bypassCSP, no corsEnabled, no service workers.
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
]);
app.enableSandbox();

// One data folder per OS user, named after the product in dev and in packaged builds alike;
// Chromium's --user-data-dir switch moves it (the Electron end-to-end tests use a fresh one).
const userDataSwitch = app.commandLine.getSwitchValue('user-data-dir');
app.setPath('userData', userDataSwitch ? path.resolve(userDataSwitch) : path.join(app.getPath('appData'), 'Tillsight'));

/** `--db PATH` / `--db=PATH` on the command line, else undefined. */
function dbArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--db' && i + 1 < argv.length) return argv[i + 1];
    if (arg.startsWith('--db=')) return arg.slice('--db='.length);
  }
  return undefined;
}

/** --db, then TILLSIGHT_DB (both via resolveDbPath), else `<userData>/tillsight.db`. */
function desktopDbPath(): string {
  const explicit = dbArgument(process.argv);
  if (explicit || process.env.TILLSIGHT_DB) return resolveDbPath(explicit);
  return path.join(app.getPath('userData'), 'tillsight.db');
}

let mainWindow: BrowserWindow | null = null;
let db: Db | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another window already owns the database; it gets focused through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  hardenAllWebContents();
  app.whenReady().then(start).catch((e: unknown) => fatal('Tillsight could not start', e));
}

// ---------------------------------------------------------------------------

function start(): void {
  const dbPath = desktopDbPath();
  try {
    db = openDb(dbPath);
  } catch (e) {
    const hint = /NODE_MODULE_VERSION|was compiled against a different/.test(String(e))
      ? '\n\nThe database driver was built for plain Node, not for Electron. Start the app with `npm start`, which rebuilds it.'
      : '';
    fatal(`Tillsight could not open its database at ${dbPath}`, e, hint);
    return;
  }
  const ctx: ApiContext = {
    db,
    dbPath,
    uploadDir: path.join(app.getPath('userData'), 'uploads'),
    emitProgress: (event) => sendProgress(event),
  };

  denyPermissions();
  blockNetwork();
  registerAppProtocol();
  registerIpc(ctx);
  Menu.setApplicationMenu(buildMenu());
  createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  try {
    db?.close();
  } catch {
    // closing at exit: nothing left to tell anyone
  }
  db = null;
});

function fatal(title: string, e: unknown, hint = ''): void {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`${title}: ${message}\n`);
  try {
    dialog.showErrorBox(title, `${message}${hint}`);
  } finally {
    app.exit(1);
  }
}

// ---------------------------------------------------------------------------
// Window

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    title: 'Tillsight',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click would try to open links in a new window (denied anyway below).
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  });
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
}

/** Applies to every WebContents ever created (windows, devtools excluded from nothing). */
function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    // No new windows, ever: links with target=_blank and window.open are refused.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    // No navigation away from the app's own origin (a dropped file, a link, a redirect).
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

function denyPermissions(): void {
  const ses = session.defaultSession;
  // Copying text (e.g. a report table) is the one thing the page may ask for.
  const allowed = new Set<string>(['clipboard-sanitized-write']);
  ses.setPermissionRequestHandler((contents, permission, callback) => {
    callback(allowed.has(permission) && isAppUrl(contents.getURL()));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return allowed.has(permission) && isAppUrl(requestingOrigin);
  });
}

/** The app is offline: the page never reaches the network, whatever it asks for. */
function blockNetwork(): void {
  session.defaultSession.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] },
    (_details, callback) => callback({ cancel: true }),
  );
}

// ---------------------------------------------------------------------------
// app:// protocol: files of dist/renderer only, with the CSP on every response.

function registerAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const target = resolveAppRequest(rendererRoot, request.url);
    if (!target.ok) return plain(target.status, 'Not found');
    let file = target.file;
    if (!isFile(file)) {
      // A client-side route (no extension) gets the app shell; anything else is missing.
      if (!target.route) return plain(404, 'Not found');
      file = path.join(rendererRoot, 'index.html');
      if (!isFile(file)) return plain(404, 'The interface is not built: run `npm run build`.');
    }
    const body = request.method === 'HEAD' ? null : await fs.promises.readFile(file);
    return new Response(body, { status: 200, headers: securityHeaders(mimeType(file)) });
  });
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

// ---------------------------------------------------------------------------
// IPC

/** The message must come from the app's own top-level frame, loaded from app://. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!mainWindow || event.sender !== mainWindow.webContents) return false;
  return isAppUrl(frame.url);
}

const refused = { error: { code: 'refused', message: 'This message did not come from the Tillsight window.' } } as const;

function registerIpc(ctx: ApiContext): void {
  ipcMain.handle(CHANNEL_CALL, async (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event)) return refused;
    if (typeof method !== 'string' || !isApiMethod(method)) {
      return { error: { code: 'not-found', message: `Unknown API method: ${String(method).slice(0, 60)}` } };
    }
    try {
      return { ok: await callApi(ctx, method, input) };
    } catch (e) {
      return toErrorBody(e);
    }
  });

  ipcMain.handle(CHANNEL_UPLOAD, async (event, name: unknown, data: unknown) => {
    if (!isTrustedSender(event)) return refused;
    const bytes = uploadBytes(data);
    if (!isValidUploadName(name) || bytes === null) {
      return { error: { code: 'bad-input', message: 'An upload needs a file name and the file\u2019s bytes.' } };
    }
    if (bytes.byteLength > MAX_UPLOAD_BYTES) {
      return { error: { code: 'refused', message: `That file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.` } };
    }
    try {
      return saveUpload(ctx.uploadDir, name, bytes);
    } catch (e) {
      return toErrorBody(e);
    }
  });
}

function sendProgress(event: ProgressEvent): void {
  const win = mainWindow;
  if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
  win.webContents.send(CHANNEL_PROGRESS, event);
}

// ---------------------------------------------------------------------------
// Menu: the standard roles only (copy/paste need an Edit menu on macOS).

function buildMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' as const } : { role: 'quit' as const }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
