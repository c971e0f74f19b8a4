/**
 * Electron main process: windows, the app:// protocol, menus, and forwarding. It never runs a
 * query: the core (API handlers, dashboard reads, the job runner) lives in the core host, an
 * Electron `utilityProcess` running electron/core-host.ts, and main forwards the page's calls
 * to it over electron/host/protocol.ts (request ids, `{ ok } | { error: { code, message } }`,
 * restarted when it crashes: electron/host/client.ts). The window stays responsive whatever a
 * view costs.
 *
 * IPC with the page (electron/preload.ts), every message's sender checked:
 *
 *   tillsight:call           (method, input)            -> { ok } | { error }
 *   tillsight:upload         (name, bytes)              -> { uploadId } | { error }
 *   tillsight:open-path      (path from webUtils)       -> { uploadId, fileName, size } | { error }
 *   tillsight:save-download  (downloadId, suggestedName) -> { saved, path? } | { error }
 *   tillsight:progress       (main -> page)  ProgressEvent
 *   tillsight:menu           (main -> page)  MenuEvent (a menu action the page carries out)
 *
 * Security (https://www.electronjs.org/docs/latest/tutorial/security): sandboxed,
 * context-isolated renderer without Node; strict CSP on every app:// response; no new
 * windows, no navigation away from app://, no webviews, every permission request denied;
 * every IPC message's sender frame must be the app's own top frame, and its arguments are
 * checked here and again in the host (callApi's zod schemas for API input). No path to read
 * or write ever comes from the page: an import path comes from webUtils.getPathForFile (a
 * file the owner dropped or picked) and is checked by the host; a report is named by its
 * download id and saved where the owner chooses in the native dialog.
 *
 * ESM main (package.json "type": "module", Electron >= 28). The code up to `whenReady`
 * runs before the `ready` event, which is required for registerSchemesAsPrivileged and
 * setPath.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, screen, session, utilityProcess } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiMethod, ProgressEvent } from '../common/api.js';
import { resolveDbPath } from '../core/store/paths.js';
import { aboutText, closePrompt, undoPrompt } from './dialog-texts.js';
import { HostClient, toErrorInfo, type HostProcess } from './host/client.js';
import { LONG_METHODS, isApiMethodName } from './host/protocol.js';
import { importPathsFromArgv, PendingFiles } from './launch-files.js';
import { menuModel, PAGE_ACTIONS, toTemplate, type MenuAction } from './menu.js';
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
import { placeWindow, readSavedWindow, writeSavedWindow, type SavedWindow } from './window-state.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/electron
const rendererRoot = path.resolve(here, '..', 'renderer'); // dist/renderer
const preloadPath = path.join(here, 'preload.cjs');
const hostEntry = path.join(here, 'core-host.js');

const CHANNEL_CALL = 'tillsight:call';
const CHANNEL_UPLOAD = 'tillsight:upload';
const CHANNEL_OPEN_PATH = 'tillsight:open-path';
const CHANNEL_SAVE_DOWNLOAD = 'tillsight:save-download';
const CHANNEL_PROGRESS = 'tillsight:progress';
const CHANNEL_MENU = 'tillsight:menu';

/** What main tells the page over tillsight:menu (renderer/transport/electron.ts has the same shape). */
type MenuEvent =
  | { action: 'export-pdf' | 'reload' | 'theme-light' | 'theme-dark' | 'theme-system' | 'retrain' | 'data-changed' }
  | { action: 'import-uploads'; uploads: Array<{ uploadId: string; name: string; size: number }>; errors: string[] };

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
    const arg = argv[i];
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
let host: HostClient | null = null;
/** Files the OS asked us to import before the page could take them. */
const pendingFiles = new PendingFiles();
let pageReady = false;
/** Long API calls main has forwarded and not yet seen answered (the menu greys out undo/retrain). */
let longCalls = 0;
/** Set once the owner has agreed to quit and the host is shut down: the next quit goes through. */
let quitReady = false;
let quitting: Promise<void> | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another window already owns the database; it gets focused through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    // `tillsight file.csv` while the app runs: the first instance imports it.
    queueImports(importPathsFromArgv(argv.slice(1), workingDirectory));
  });
  // macOS: a CSV opened with the app (Finder, the Dock icon); may come before `ready`.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    queueImports([filePath]);
  });
  hardenAllWebContents();
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => fatal('Tillsight could not start', e));
}

// ---------------------------------------------------------------------------

async function start(): Promise<void> {
  const dbPath = desktopDbPath();
  const userData = app.getPath('userData');
  let restarted = false;
  let wasReady = false;
  host = new HostClient({
    spawn: spawnCoreHost(dbPath, userData),
    onProgress: (event) => sendToPage(CHANNEL_PROGRESS, event),
    onState: (state, detail) => {
      if (state === 'restarting') {
        restarted = true;
        process.stderr.write(`Tillsight: the core host stopped (${detail}); restarting it.\n`);
      }
      // Back after a crash: the page reloads its views (an import that was cut off left nothing).
      if (state === 'ready' && restarted) sendToPage(CHANNEL_MENU, { action: 'data-changed' });
      if (state === 'ready') wasReady = true;
      // (A host that never got going is reported once, by the start-up's fatal box below.)
      if (state === 'failed' && wasReady && mainWindow)
        dialog.showErrorBox('Tillsight\u2019s data engine stopped', `${detail ?? ''}\n\nQuit Tillsight and start it again.`);
    },
  });
  // The window is made while the host loads the core and opens the database (a second or more
  // on a slow laptop): the page's first calls wait in the client's queue until the host is ready.
  const ready = host.start();

  denyPermissions();
  blockNetwork();
  registerAppProtocol();
  registerIpc();
  refreshMenu();
  createWindow();
  queueImports(importPathsFromArgv(process.argv.slice(1), process.cwd()));

  try {
    await ready;
  } catch (e) {
    // The host's message already says why (and how to fix a driver built for plain Node).
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.destroy();
    fatal(`Tillsight could not open its database at ${dbPath}`, e);
    return;
  }

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

/** The core host as an Electron utility process (Node with no window; ends with the app). */
function spawnCoreHost(dbPath: string, dataDir: string) {
  return (handlers: { message(m: unknown): void; exit(code: number | null): void }): HostProcess => {
    const child = utilityProcess.fork(hostEntry, ['--db', dbPath, '--data', dataDir], { serviceName: 'Tillsight core', stdio: 'inherit' });
    child.on('message', (m: unknown) => handlers.message(m));
    child.on('exit', (code: number) => handlers.exit(code));
    return {
      post: (m) => child.postMessage(m),
      kill: () => void child.kill(),
      get pid() {
        return child.pid;
      },
    };
  };
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting (menu, Cmd+Q, the last window closed): ask if long work runs, then shut the host down
// (it checkpoints the WAL into the file and closes the database) before the app goes.
app.on('before-quit', (event) => {
  if (quitReady || !host) return;
  event.preventDefault();
  void prepareQuit();
});

function prepareQuit(): Promise<void> {
  quitting ??= (async () => {
    try {
      const proceed = await settleLongWork();
      if (!proceed) return;
      await host?.stop();
      quitReady = true;
      app.quit();
    } catch (e) {
      process.stderr.write(`Tillsight: while quitting: ${e instanceof Error ? e.message : String(e)}\n`);
      quitReady = true;
      app.quit();
    } finally {
      quitting = null;
    }
  })();
  return quitting;
}

/** When long work runs: ask, then wait for it or cancel it (it rolls back). False: keep working. */
async function settleLongWork(): Promise<boolean> {
  if (!host) return true;
  const tasks = await host.request('busy', {}).catch(() => []);
  if (tasks.length === 0) return true;
  const prompt = closePrompt(tasks);
  const options = {
    type: 'question' as const,
    message: prompt.message,
    detail: prompt.detail,
    buttons: prompt.buttons,
    defaultId: prompt.defaultId,
    cancelId: prompt.cancelId,
    noLink: true,
  };
  const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
  const choice = prompt.choices[response] ?? 'stay';
  if (choice === 'stay') return false;
  if (choice === 'cancel') await host.request('cancelAll', {}).catch(() => undefined);
  mainWindow?.setTitle(choice === 'cancel' ? 'Tillsight \u2014 stopping\u2026' : 'Tillsight \u2014 finishing before it quits\u2026');
  for (;;) {
    const left = await host.request('busy', {}).catch(() => []);
    if (left.length === 0) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
}

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
  const userData = app.getPath('userData');
  const place = placeWindow(
    readSavedWindow(userData),
    screen
      .getAllDisplays()
      .map((d) => d.workArea)
      .sort((a, b) => primaryFirst(a, b)),
  );
  const win = new BrowserWindow({
    x: place.x,
    y: place.y,
    width: place.width,
    height: place.height,
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
  pageReady = false;
  if (place.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-finish-load', () => {
    pageReady = true;
    flushImports();
  });
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    if (!win.isDestroyed()) saveWindow(win);
  };
  const saveSoon = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', (event) => {
    save();
    // Closing the last window quits (but on macOS): ask first when long work runs.
    if (process.platform !== 'darwin' && !quitReady && host) {
      event.preventDefault();
      void prepareQuit();
    }
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
}

/** The primary display's work area first, as placeWindow wants. */
function primaryFirst(a: { x: number; y: number }, b: { x: number; y: number }): number {
  const primary = screen.getPrimaryDisplay().workArea;
  const isPrimary = (r: { x: number; y: number }) => r.x === primary.x && r.y === primary.y;
  return Number(isPrimary(b)) - Number(isPrimary(a));
}

function saveWindow(win: BrowserWindow): void {
  // The normal bounds, so a maximized window comes back maximized over its old place.
  const bounds = win.getNormalBounds();
  const state: SavedWindow = { ...bounds, maximized: win.isMaximized() };
  try {
    writeSavedWindow(app.getPath('userData'), state);
  } catch {
    // A read-only data folder costs the window its place next time, nothing more.
  }
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
  session.defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
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
const notRunning = { error: { code: 'internal', message: 'Tillsight\u2019s data engine is not running.' } } as const;

function registerIpc(): void {
  ipcMain.handle(CHANNEL_CALL, async (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event)) return refused;
    if (typeof method !== 'string' || !isApiMethodName(method)) {
      return { error: { code: 'not-found', message: `Unknown API method: ${String(method).slice(0, 60)}` } };
    }
    if (!host) return notRunning;
    return forwardCall(method, input);
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
    if (!host) return notRunning;
    try {
      return await host.request('upload', { name, bytes });
    } catch (e) {
      return { error: toErrorInfo(e) };
    }
  });

  ipcMain.handle(CHANNEL_OPEN_PATH, async (event, filePath: unknown) => {
    if (!isTrustedSender(event)) return refused;
    if (typeof filePath !== 'string' || !path.isAbsolute(filePath) || filePath.includes('\0')) {
      return { error: { code: 'bad-input', message: 'That file has no path on this computer; drop it from a folder.' } };
    }
    if (!host) return notRunning;
    try {
      const r = await host.request('openPath', { filePath });
      return { uploadId: r.uploadId, fileName: r.fileName, size: r.size };
    } catch (e) {
      return { error: toErrorInfo(e) };
    }
  });

  ipcMain.handle(CHANNEL_SAVE_DOWNLOAD, async (event, downloadId: unknown, suggestedName: unknown) => {
    if (!isTrustedSender(event)) return refused;
    if (typeof downloadId !== 'string' || downloadId.length > 64) return { error: { code: 'bad-input', message: 'That download id is not valid.' } };
    if (!host) return notRunning;
    try {
      return await saveDownload(downloadId, typeof suggestedName === 'string' ? suggestedName : '');
    } catch (e) {
      return { error: toErrorInfo(e) };
    }
  });
}

async function forwardCall(method: ApiMethod, input: unknown): Promise<unknown> {
  const long = LONG_METHODS[method] !== undefined;
  if (long && longCalls++ === 0) refreshMenu();
  try {
    return await host!.callEnvelope(method, input);
  } finally {
    if (long && --longCalls === 0) refreshMenu();
  }
}

/** A name for the save dialog: the page's suggestion without any folder part, else the report's own. */
function suggestedFileName(suggested: string, fallback: string): string {
  const printable = [...suggested].map((c) => (c.charCodeAt(0) < 32 ? '_' : c)).join('');
  const base = path
    .basename(printable.replace(/\\/g, '/'))
    .replace(/[<>:"|?*]+/g, '_')
    .trim()
    .slice(0, 120);
  const name = base || fallback;
  return name.toLowerCase().endsWith('.pdf') ? name : `${name}.pdf`;
}

async function saveDownload(downloadId: string, suggested: string): Promise<{ saved: boolean; path?: string }> {
  const file = await host!.request('download', { downloadId });
  const options = {
    title: 'Save the report',
    defaultPath: path.join(app.getPath('documents'), suggestedFileName(suggested, file.fileName)),
    filters: [{ name: 'PDF document', extensions: ['pdf'] }],
  };
  const choice = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return { saved: false };
  await fs.promises.copyFile(file.filePath, choice.filePath);
  return { saved: true, path: choice.filePath };
}

function sendToPage(channel: string, payload: ProgressEvent | MenuEvent): void {
  const win = mainWindow;
  if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
  win.webContents.send(channel, payload);
}

// ---------------------------------------------------------------------------
// Files from the OS: imported from where they are (the host links them), then previewed in the page.

function queueImports(paths: string[]): void {
  if (paths.length === 0) return;
  pendingFiles.add(...paths);
  flushImports();
}

function flushImports(): void {
  if (!host || !pageReady || pendingFiles.size === 0) return;
  void importPaths(pendingFiles.take());
}

async function importPaths(paths: string[]): Promise<void> {
  const uploads: Array<{ uploadId: string; name: string; size: number }> = [];
  const errors: string[] = [];
  for (const filePath of paths) {
    try {
      const r = await host!.request('openPath', { filePath });
      uploads.push({ uploadId: r.uploadId, name: r.fileName, size: r.size });
    } catch (e) {
      errors.push(`${path.basename(filePath)}: ${toErrorInfo(e).message}`);
    }
  }
  sendToPage(CHANNEL_MENU, { action: 'import-uploads', uploads, errors });
}

// ---------------------------------------------------------------------------
// Menu

function refreshMenu(): void {
  const model = menuModel({ platform: process.platform, appName: 'Tillsight', isPackaged: app.isPackaged, busy: longCalls > 0 });
  Menu.setApplicationMenu(Menu.buildFromTemplate(toTemplate(model, (action) => void runMenuAction(action))));
}

async function runMenuAction(action: MenuAction): Promise<void> {
  try {
    if (action === 'theme-light' || action === 'theme-dark' || action === 'theme-system') {
      // Native dialogs and the title bar follow the page's theme.
      nativeTheme.themeSource = action === 'theme-light' ? 'light' : action === 'theme-dark' ? 'dark' : 'system';
    }
    if (PAGE_ACTIONS.has(action)) {
      sendToPage(CHANNEL_MENU, { action } as MenuEvent);
      return;
    }
    switch (action) {
      case 'import':
        return await pickAndImport();
      case 'undo-import':
        return await undoLastImport();
      case 'retrain':
        return await retrain();
      case 'about':
        return await showAbout();
    }
  } catch (e) {
    dialog.showErrorBox('Tillsight', toErrorInfo(e).message);
  }
}

async function pickAndImport(): Promise<void> {
  const options = {
    title: 'Import files',
    properties: ['openFile' as const, 'multiSelections' as const],
    filters: [
      { name: 'Sales exports, product lists, stock counts', extensions: ['csv', 'tsv', 'txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  if (!r.canceled) queueImports(r.filePaths);
}

async function undoLastImport(): Promise<void> {
  const batches = await host!.call('batches', {});
  const last = [...batches].sort((a, b) => Number(b.batchId) - Number(a.batchId))[0];
  if (!last) {
    const info = { type: 'info' as const, message: 'There is no import to undo.', buttons: ['OK'] };
    await (mainWindow ? dialog.showMessageBox(mainWindow, info) : dialog.showMessageBox(info));
    return;
  }
  const p = undoPrompt(last);
  const ask = { type: 'question' as const, message: p.message, detail: p.detail, buttons: p.buttons, defaultId: 1, cancelId: 1, noLink: true };
  const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, ask) : await dialog.showMessageBox(ask);
  if (response !== 0) return;
  const reply = await forwardCall('undo', { batchId: last.batchId });
  if (reply && typeof reply === 'object' && 'error' in reply) throw new Error((reply as { error: { message: string } }).error.message);
  sendToPage(CHANNEL_MENU, { action: 'data-changed' });
}

async function retrain(): Promise<void> {
  // The lead's `train` method, when this build has it; otherwise the page's own Retrain.
  if (!isApiMethodName('train')) {
    sendToPage(CHANNEL_MENU, { action: 'retrain' });
    return;
  }
  const reply = await forwardCall('train', {});
  if (reply && typeof reply === 'object' && 'error' in reply) throw new Error((reply as { error: { message: string } }).error.message);
  sendToPage(CHANNEL_MENU, { action: 'data-changed' });
}

async function showAbout(): Promise<void> {
  const t = aboutText({
    appName: 'Tillsight',
    version: app.getVersion(),
    electron: process.versions.electron ?? '?',
    chrome: process.versions.chrome ?? '?',
    node: process.versions.node,
    dbPath: host?.dbPath ?? desktopDbPath(),
    dataDir: app.getPath('userData'),
  });
  const box = { type: 'info' as const, title: t.title, message: t.message, detail: t.detail, buttons: ['OK'] };
  await (mainWindow ? dialog.showMessageBox(mainWindow, box) : dialog.showMessageBox(box));
}
