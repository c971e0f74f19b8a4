// The compiled main process (dist/electron/main.js) run under plain Node against a fake
// 'electron' module (a module-resolution hook swaps it in), since the Electron binary
// cannot be downloaded here. What is real: the main process code, the core host it starts
// (dist/electron/core-host.js; the fake `utilityProcess.fork` starts it with
// child_process.fork, the same entry and messages), the core, the database, the files.
// What is fake: the Electron objects, which record what main does with them and let the
// test play the page (IPC events), the owner (menu clicks, dialog answers) and Chromium
// (protocol requests).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(root, 'dist');

// ---------------------------------------------------------------------------
// The harness files, written to a temporary folder that mirrors dist/.

const HOOKS = `
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: new URL('./fake-electron.mjs', import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
`;

const FAKE_ELECTRON = `
import { EventEmitter } from 'node:events';
import { fork } from 'node:child_process';
export const state = {
  ready: false, sandbox: false, schemes: [], schemesAfterReady: false, protocolHandlers: new Map(),
  ipcHandlers: new Map(), permissionRequest: null, permissionCheck: null, beforeRequest: null,
  menu: null, menus: 0, errorBoxes: [], quit: false, quitCalls: 0, exitCode: null, lateSetup: [],
  utilities: [], messageBoxes: [], messageBoxResponses: [], openDialogResult: { canceled: true, filePaths: [] },
  saveDialogResult: { canceled: true }, saveDialogs: [],
};
let resolveReady;
const readyPromise = new Promise((r) => { resolveReady = r; });
class App extends EventEmitter {
  isPackaged = false;
  paths = { appData: process.env.HARNESS_APPDATA, documents: process.env.HARNESS_APPDATA };
  enableSandbox() { state.sandbox = true; if (state.ready) state.lateSetup.push('enableSandbox'); }
  setPath(name, value) { this.paths[name] = value; if (state.ready) state.lateSetup.push('setPath'); }
  getPath(name) { if (!(name in this.paths)) throw new Error('no path ' + name); return this.paths[name]; }
  commandLine = {
    getSwitchValue(name) {
      const arg = process.argv.find((a) => a.startsWith('--' + name + '='));
      return arg ? arg.slice(name.length + 3) : '';
    },
  };
  requestSingleInstanceLock() { return process.env.HARNESS_LOCK !== 'taken'; }
  quit() {
    state.quitCalls++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => { prevented = true; } });
    if (!prevented) state.quit = true;
  }
  exit(code) { state.exitCode = code; }
  getVersion() { return '0.1.0'; }
  whenReady() { return readyPromise; }
}
export const app = new App();
export function fireReady() { state.ready = true; app.emit('ready'); resolveReady(); }
export const protocol = {
  registerSchemesAsPrivileged(schemes) { if (state.ready) state.schemesAfterReady = true; state.schemes.push(...schemes); },
  handle(scheme, handler) { state.protocolHandlers.set(scheme, handler); },
};
export const ipcMain = {
  handle(channel, fn) { state.ipcHandlers.set(channel, fn); },
  on() { throw new Error('main must not use ipcMain.on'); },
};
export class FakeWebContents extends EventEmitter {
  constructor(url = '') { super(); this.url = url; this.sent = []; this.windowOpenHandler = null; }
  send(channel, payload) { this.sent.push([channel, payload]); }
  isDestroyed() { return false; }
  getURL() { return this.url; }
  setWindowOpenHandler(h) { this.windowOpenHandler = h; }
}
export class BrowserWindow extends EventEmitter {
  static all = [];
  static getAllWindows() { return BrowserWindow.all.slice(); }
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    this.loadedURL = url; this.webContents.url = url;
    setTimeout(() => this.webContents.emit('did-finish-load'), 5);
    return Promise.resolve();
  }
  isDestroyed() { return Boolean(this.destroyed); }
  destroy() { this.destroyed = true; BrowserWindow.all = BrowserWindow.all.filter((w) => w !== this); this.emit('closed'); }
  isMinimized() { return false; }
  isMaximized() { return false; }
  maximize() { this.maximized = true; }
  getNormalBounds() { const o = this.options; return { x: o.x, y: o.y, width: o.width, height: o.height }; }
  setTitle(t) { this.title = t; }
  restore() {}
  focus() { this.focused = (this.focused ?? 0) + 1; }
  show() {}
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => { prevented = true; } });
    if (!prevented) { BrowserWindow.all = BrowserWindow.all.filter((w) => w !== this); this.emit('closed'); }
    return prevented;
  }
}
export const utilityProcess = {
  fork(modulePath, args, options) {
    if (!state.ready) state.lateSetup.push('utilityProcess before ready');
    const child = fork(modulePath, args, { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const up = new EventEmitter();
    up.pid = child.pid;
    up.modulePath = modulePath; up.args = args; up.options = options;
    child.on('message', (m) => { if (m && m.type === 'ready') up.readySeen = true; up.emit('message', m); });
    child.on('exit', (code) => { up.exited = true; up.emit('exit', code ?? 1); });
    up.postMessage = (m) => { if (child.connected) child.send(m); };
    up.kill = () => child.kill('SIGKILL');
    state.utilities.push(up);
    return up;
  },
};
export const screen = {
  getAllDisplays() { return [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]; },
  getPrimaryDisplay() { return { workArea: { x: 0, y: 0, width: 1920, height: 1040 } }; },
};
export const nativeTheme = { themeSource: 'system' };
export const Menu = {
  buildFromTemplate(template) { return { template }; },
  setApplicationMenu(menu) { state.menu = menu; state.menus++; },
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler(h) { state.permissionRequest = h; },
    setPermissionCheckHandler(h) { state.permissionCheck = h; },
    webRequest: { onBeforeRequest(filter, h) { state.beforeRequest = { filter, h }; } },
  },
};
const dialogOptions = (a, b) => (b === undefined ? a : b);
export const dialog = {
  showErrorBox(title, message) { state.errorBoxes.push([title, message]); },
  async showMessageBox(a, b) { const o = dialogOptions(a, b); state.messageBoxes.push(o); return { response: state.messageBoxResponses.shift() ?? o.cancelId ?? 0 }; },
  async showOpenDialog() { return state.openDialogResult; },
  async showSaveDialog(a, b) { state.saveDialogs.push(dialogOptions(a, b)); return state.saveDialogResult; },
};
export const shell = { openExternal() { throw new Error('main must not open external URLs'); } };
`;

const DRIVER = `
import { register } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
register(new URL('./hooks.mjs', import.meta.url));
const fake = await import('./fake-electron.mjs');
const { state, app, BrowserWindow, FakeWebContents } = fake;
const mode = process.env.HARNESS_MODE;
const report = { mode };
const tick = () => new Promise((r) => setTimeout(r, 20));

await import('./dist/electron/main.js');
report.beforeReady = {
  schemes: state.schemes, sandbox: state.sandbox, userData: app.paths.userData,
  windows: BrowserWindow.getAllWindows().length, quit: state.quit,
};
fake.fireReady();
for (let i = 0; i < 500 && BrowserWindow.getAllWindows().length === 0 && state.exitCode === null && !state.quit; i++) await tick();
// The window opens while the core host starts; wait for the host's answer (ready or fatal) too.
for (let i = 0; i < 500 && state.exitCode === null && !state.quit && !state.utilities.some((u) => u.readySeen || u.exited); i++) await tick();
await tick();
report.afterReady = {
  windows: BrowserWindow.getAllWindows().length, exitCode: state.exitCode, errorBoxes: state.errorBoxes,
  quit: state.quit, lateSetup: state.lateSetup, schemesAfterReady: state.schemesAfterReady,
  protocolHandlers: [...state.protocolHandlers.keys()], ipcChannels: [...state.ipcHandlers.keys()].sort(),
  utilities: state.utilities.map((u) => ({ modulePath: u.modulePath, args: u.args, serviceName: u.options?.serviceName })),
};

const win = BrowserWindow.getAllWindows()[0];
const trusted = () => ({ sender: win.webContents, senderFrame: { url: 'app://tillsight/index.html', parent: null } });
const call = (event, ...args) => state.ipcHandlers.get('tillsight:call')(event, ...args);
const upload = (event, ...args) => state.ipcHandlers.get('tillsight:upload')(event, ...args);

if (win && (mode === 'argv' || mode === 'default')) {
  report.status = await call(trusted(), 'status', {});
}

if (win && mode === 'full') {
  report.window = { options: win.options, loadedURL: win.loadedURL, preloadExists: fs.existsSync(win.options.webPreferences.preload) };

  // Chromium asking the app:// handler for files
  const handler = state.protocolHandlers.get('app');
  const get = async (url, method = 'GET') => {
    const res = await handler(new Request(url, { method }));
    return { status: res.status, type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy'),
      nosniff: res.headers.get('x-content-type-options'), body: await res.text() };
  };
  report.protocol = {};
  for (const url of [
    'app://tillsight/index.html', 'app://tillsight/', 'app://tillsight/assets/app.js', 'app://tillsight/imports',
    'app://tillsight/missing.js', 'app://tillsight/..%2fsecret.txt', 'app://tillsight/%2e%2e/secret.txt',
    'app://tillsight/..%2f..%2fpackage.json', 'app://tillsight/%5c..%5csecret.txt', 'app://tillsight/index.html%00.js',
    'app://other/index.html',
  ]) report.protocol[url] = await get(url);
  report.protocol.POST = await get('app://tillsight/index.html', 'POST');
  report.protocol.HEAD = await get('app://tillsight/index.html', 'HEAD');

  // Navigation and windows
  const wc = win.webContents;
  const prevented = (eventName, ...args) => {
    let p = false;
    const event = { preventDefault: () => { p = true; }, url: args[0] };
    wc.emit(eventName, event, ...args);
    return p;
  };
  report.navigation = {
    windowOpen: wc.windowOpenHandler({ url: 'https://example.com/' }),
    navigateAway: prevented('will-navigate', 'https://example.com/'),
    navigateFile: prevented('will-navigate', 'file:///etc/passwd'),
    navigateInside: prevented('will-navigate', 'app://tillsight/imports'),
    redirectAway: prevented('will-redirect', 'http://127.0.0.1:8080/'),
    frameAway: prevented('will-frame-navigate', 'https://example.com/'),
    webview: prevented('will-attach-webview'),
  };
  const other = new FakeWebContents('devtools://devtools/');
  app.emit('web-contents-created', {}, other);
  report.navigation.otherContentsHardened = typeof other.windowOpenHandler === 'function';

  // Permissions and network
  const ask = (url, permission) => new Promise((r) => state.permissionRequest(new FakeWebContents(url), permission, r, {}));
  report.permissions = {
    media: await ask('app://tillsight/index.html', 'media'),
    geolocation: await ask('app://tillsight/index.html', 'geolocation'),
    openExternal: await ask('app://tillsight/index.html', 'openExternal'),
    clipboardFromApp: await ask('app://tillsight/index.html', 'clipboard-sanitized-write'),
    clipboardFromWeb: await ask('https://example.com/', 'clipboard-sanitized-write'),
    checkClipboardApp: state.permissionCheck(null, 'clipboard-sanitized-write', 'app://tillsight'),
    checkNotifications: state.permissionCheck(null, 'notifications', 'app://tillsight'),
  };
  let cancelled = null;
  state.beforeRequest.h({ url: 'https://example.com/x.js' }, (r) => { cancelled = r; });
  report.network = { urls: state.beforeRequest.filter.urls, response: cancelled };

  // IPC from the page, and from things that are not the page
  const bytes = new TextEncoder().encode('date,receipt,total\\n2024-01-02,1,9.50\\n');
  report.ipc = {
    status: await call(trusted(), 'status', {}),
    badInput: await call(trusted(), 'kpis', { from: 'yesterday' }),
    unknown: await call(trusted(), 'dropEverything', {}),
    notString: await call(trusted(), 42, {}),
    proto: await call(trusted(), '__proto__', {}),
    ctor: await call(trusted(), 'constructor', {}),
    fromWeb: await call({ sender: wc, senderFrame: { url: 'https://example.com/', parent: null } }, 'status', {}),
    fromLookalike: await call({ sender: wc, senderFrame: { url: 'app://tillsight.example.com/', parent: null } }, 'status', {}),
    fromFile: await call({ sender: wc, senderFrame: { url: 'file:///tmp/x.html', parent: null } }, 'status', {}),
    fromSubframe: await call({ sender: wc, senderFrame: { url: 'app://tillsight/index.html', parent: {} } }, 'status', {}),
    noFrame: await call({ sender: wc, senderFrame: null }, 'status', {}),
    otherContents: await call({ sender: other, senderFrame: { url: 'app://tillsight/index.html', parent: null } }, 'status', {}),
    upload: await upload(trusted(), 'sales (1).csv', bytes.buffer),
    uploadTypedArray: await upload(trusted(), 'b.csv', bytes),
    uploadNoName: await upload(trusted(), 42, bytes.buffer),
    uploadNoBytes: await upload(trusted(), 'a.csv', 'date,total'),
    uploadFromWeb: await upload({ sender: wc, senderFrame: { url: 'https://example.com/', parent: null } }, 'a.csv', bytes.buffer),
  };
  const uploadDir = path.join(app.paths.userData, 'uploads');
  const id = report.ipc.upload.uploadId;
  report.uploadFiles = id ? { bin: fs.readFileSync(path.join(uploadDir, id + '.bin'), 'utf8'), name: fs.readFileSync(path.join(uploadDir, id + '.name'), 'utf8') } : null;
  report.uploadDirEntries = fs.existsSync(uploadDir) ? fs.readdirSync(uploadDir).length : 0;
  report.menu = state.menu?.template.map((m) => m.label ?? m.role);

  // Long work in the core reports progress; main forwards it to the window.
  const sample = await upload(trusted(), 'sample.csv', new TextEncoder().encode(
    'Date,Receipt,Product,Quantity,Net sales\\n' +
    Array.from({ length: 50 }, (_, i) => '2024-01-' + String(1 + (i % 28)).padStart(2, '0') + ',' + (1000 + i) + ',Tea,1,3.50').join('\\n') + '\\n',
  ).buffer);
  report.importCommit = await call(trusted(), 'importCommit', { uploadId: sample.uploadId, taskId: 'task-1' });
  report.progress = wc.sent.filter(([c]) => c === 'tillsight:progress');

  // A file dropped on the window: the preload sends its real path.
  const openPath = (event, ...args) => state.ipcHandlers.get('tillsight:open-path')(event, ...args);
  const dropped = path.join(process.env.HARNESS_FILES, 'dropped sales.csv');
  fs.writeFileSync(dropped, 'Date,Receipt,Product,Quantity,Net sales\\n2024-02-01,5001,Cake,2,7.00\\n2024-02-02,5002,Cake,1,3.50\\n');
  report.openPath = {
    ok: await openPath(trusted(), dropped),
    relative: await openPath(trusted(), 'dropped sales.csv'),
    notString: await openPath(trusted(), { path: dropped }),
    fromWeb: await openPath({ sender: wc, senderFrame: { url: 'https://example.com/', parent: null } }, dropped),
    database: await openPath(trusted(), process.env.TILLSIGHT_DB),
  };
  report.droppedImport = await call(trusted(), 'importCommit', { uploadId: report.openPath.ok.uploadId });

  // The menu: page actions go to the page; Import files… opens the native dialog and hands the page upload ids.
  const items = (t) => t.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
  const click = (id) => items(state.menu.template).find((i) => i.id === id).click();
  const menuEvents = () => wc.sent.filter(([c]) => c === 'tillsight:menu').map(([, e]) => e);
  const waitFor = async (pred) => { for (let i = 0; i < 250 && !pred(); i++) await tick(); };
  click('reload');
  click('theme-dark');
  click('export-pdf');
  report.themeSource = fake.nativeTheme.themeSource;
  const picked = path.join(process.env.HARNESS_FILES, 'picked.csv');
  fs.writeFileSync(picked, 'Date,Receipt,Product,Quantity,Net sales\\n2024-03-01,6001,Jam,1,4.00\\n');
  state.openDialogResult = { canceled: false, filePaths: [picked, path.join(process.env.HARNESS_FILES, 'gone.csv')] };
  click('import');
  await waitFor(() => menuEvents().some((e) => e.action === 'import-uploads'));
  // A second launch with a CSV on its command line: focus, and the same import.
  const focusedBefore = win.focused ?? 0;
  app.emit('second-instance', {}, ['/opt/Tillsight/tillsight', '--allow-file-access-from-files', 'picked.csv'], process.env.HARNESS_FILES);
  await waitFor(() => menuEvents().filter((e) => e.action === 'import-uploads').length >= 2);
  report.secondInstanceFocused = (win.focused ?? 0) > focusedBefore;
  report.menuEvents = menuEvents();

  // Undo last import, from the menu: confirmed in a native box, done through the host.
  const batchesBefore = (await call(trusted(), 'batches', {})).ok.length;
  state.messageBoxResponses.push(0);
  click('undo-import');
  await waitFor(() => menuEvents().some((e) => e.action === 'data-changed'));
  report.undo = { before: batchesBefore, after: (await call(trusted(), 'batches', {})).ok.length, box: state.messageBoxes.at(-1) };
  click('about');
  await waitFor(() => state.messageBoxes.length >= 2);
  report.about = state.messageBoxes.at(-1);
  // Retrain: the runtime's train method through the host (the page hears data-changed when it is done);
  // a build without it hands the page a 'retrain' instead.
  const settled = () => menuEvents().filter((e) => e.action === 'data-changed').length;
  const settledBefore = settled();
  click('retrain');
  await waitFor(() => settled() > settledBefore || menuEvents().some((e) => e.action === 'retrain'));
  report.retrainEvent = menuEvents().at(-1);

  // Export PDF: the page names the report by its download id; main saves it where the owner chose.
  const saveDownload = (event, ...args) => state.ipcHandlers.get('tillsight:save-download')(event, ...args);
  const reports = path.join(app.paths.userData, 'reports');
  fs.mkdirSync(reports, { recursive: true });
  fs.writeFileSync(path.join(reports, 'd1000000000000000000abc0.pdf'), '%PDF-1.7 report bytes');
  const chosen = path.join(process.env.HARNESS_FILES, 'Accountant', 'report.pdf');
  fs.mkdirSync(path.dirname(chosen), { recursive: true });
  state.saveDialogResult = { canceled: false, filePath: chosen };
  report.save = {
    ok: await saveDownload(trusted(), 'd1000000000000000000abc0', '../../etc/Year 2011'),
    copied: fs.existsSync(chosen) ? fs.readFileSync(chosen, 'utf8') : null,
    dialog: state.saveDialogs.at(-1),
    traversal: await saveDownload(trusted(), '../secret', 'x.pdf'),
    missing: await saveDownload(trusted(), '0000000000000000000ee099', 'x.pdf'),
    fromWeb: await saveDownload({ sender: wc, senderFrame: { url: 'https://example.com/', parent: null } }, 'd1000000000000000000abc0', 'x.pdf'),
  };
  state.saveDialogResult = { canceled: true };
  report.save.cancelled = await saveDownload(trusted(), 'd1000000000000000000abc0', 'x.pdf');

  // Quitting: the window's place is saved, the host checkpoints and exits, then the app quits.
  win.emit('resize');
  const host = state.utilities[0];
  // The imports above start the models' background training a moment later; if it is still running,
  // the owner is asked and answers "Stop it and quit".
  state.messageBoxResponses.push(1);
  report.closePrevented = win.close();
  await waitFor(() => state.quit);
  await waitFor(() => host.exited);
  report.quit = { quit: state.quit, hostExited: Boolean(host.exited), windowState: fs.existsSync(path.join(app.paths.userData, 'window-state.json')) };
  report.afterQuit = await call(trusted(), 'status', {});
}

if (win && mode === 'argv-file') {
  // 'tillsight sales.csv': the file on the first launch's command line is offered for import once the page is up.
  const menuEvents = () => win.webContents.sent.filter(([c]) => c === 'tillsight:menu').map(([, e]) => e);
  for (let i = 0; i < 250 && menuEvents().length === 0; i++) await tick();
  report.menuEvents = menuEvents();
  state.utilities[0].kill();
}

if (win && mode === 'busy-quit') {
  // Closing while an import runs: the owner is asked, chooses to stop it; it rolls back; then the app quits.
  const rows = ['Date,Receipt,Product,Quantity,Net sales'];
  for (let i = 0; i < 400000; i++) rows.push('2024-01-' + String(1 + (i % 28)).padStart(2, '0') + ',' + (100000 + i) + ',P' + (i % 50) + ',1,2.50');
  const big = path.join(process.env.HARNESS_FILES, 'big.csv');
  fs.writeFileSync(big, rows.join('\\n') + '\\n');
  const { uploadId } = await state.ipcHandlers.get('tillsight:open-path')(trusted(), big);
  const importing = call(trusted(), 'importCommit', { uploadId });
  for (let i = 0; i < 100 && state.menus < 2; i++) await tick();
  const flat = (t) => t.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu) : [])]);
  report.undoEnabledWhileBusy = flat(state.menu.template).find((i) => i.id === 'undo-import').enabled;
  state.messageBoxResponses.push(1); // "Stop it and quit"
  app.quit();
  report.quitAtOnce = state.quit;
  report.importReply = await importing;
  for (let i = 0; i < 250 && !state.quit; i++) await tick();
  report.closeBox = state.messageBoxes[0];
  report.quit = state.quit;
  const host = state.utilities[0];
  for (let i = 0; i < 250 && !host.exited; i++) await tick();
  report.hostExited = Boolean(host.exited);
}

if (win && (mode === 'argv' || mode === 'default')) state.utilities[0]?.kill();
process.stdout.write('@@REPORT@@' + JSON.stringify(report) + '\\n');
process.exit(0);
`;

let harness = '';

function makeHarness(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-electron-main-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  fs.writeFileSync(path.join(dir, 'hooks.mjs'), HOOKS);
  fs.writeFileSync(path.join(dir, 'fake-electron.mjs'), FAKE_ELECTRON);
  fs.writeFileSync(path.join(dir, 'driver.mjs'), DRIVER);
  const hdist = path.join(dir, 'dist');
  fs.mkdirSync(path.join(hdist, 'electron'), { recursive: true });
  fs.cpSync(path.join(dist, 'electron'), path.join(hdist, 'electron'), { recursive: true });
  // The core and everything else it imports: the real build, linked.
  for (const entry of fs.readdirSync(dist)) {
    if (entry === 'electron' || entry === 'renderer' || entry.startsWith('.')) continue;
    fs.symlinkSync(path.join(dist, entry), path.join(hdist, entry), process.platform === 'win32' ? 'junction' : 'dir');
  }
  // A small renderer, and a file just outside it that must never be served.
  fs.mkdirSync(path.join(hdist, 'renderer', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(hdist, 'renderer', 'index.html'), '<!doctype html><title>Tillsight</title><script type="module" src="./assets/app.js"></script>');
  fs.writeFileSync(path.join(hdist, 'renderer', 'assets', 'app.js'), 'console.log("renderer");');
  fs.writeFileSync(path.join(hdist, 'secret.txt'), 'SECRET-OUTSIDE-THE-RENDERER');
  return dir;
}

// The driver's JSON report. Each mode fills only its own sections (see DRIVER): beforeReady and
// afterReady always; status in 'argv'/'default'; the window, protocol, navigation, permissions,
// network, ipc, upload, menu, undo, about, save and quit sections in 'full'; menuEvents in 'full' and
// 'argv-file'; the busy-quit ones in 'busy-quit'. The tests read the sections of the mode they ran.
interface ErrorBody {
  code: string;
  message: string;
}

/** What main answers over IPC: the core's { ok } / { error }, or an upload's / a save's own fields. */
interface Reply {
  ok?: { dbPath?: string; uploadId?: string; fileName?: string; rowsImported?: number; saved?: boolean };
  error?: ErrorBody;
  uploadId?: string;
  fileName?: string;
  saved?: boolean;
}

interface Served {
  status: number;
  type: string | null;
  csp: string | null;
  nosniff: string | null;
  body: string;
}

interface MenuEvent {
  action: string;
  uploads?: Array<{ name: string; uploadId: string }>;
  errors?: string[];
}

interface MessageBox {
  message: string;
  detail: string;
  buttons?: string[];
}

interface ProgressEvent {
  phase: string;
  done: number;
  taskId?: string;
}

interface WebPreferences {
  preload: string;
  contextIsolation?: boolean;
  nodeIntegration?: boolean;
  sandbox?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  experimentalFeatures?: boolean;
  webviewTag?: boolean;
  enableBlinkFeatures?: string;
}

interface Report {
  mode: string;
  beforeReady: {
    schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
    sandbox: boolean;
    userData: string;
    windows: number;
    quit: boolean;
  };
  afterReady: {
    windows: number;
    exitCode: number | null;
    errorBoxes: Array<[title: string, message: string]>;
    quit: boolean;
    lateSetup: string[];
    schemesAfterReady: boolean;
    protocolHandlers: string[];
    ipcChannels: string[];
    utilities: Array<{ modulePath: string; args: string[]; serviceName?: string }>;
  };
  status: Reply;
  window: { options: { webPreferences: WebPreferences }; loadedURL: string; preloadExists: boolean };
  protocol: Record<string, Served>;
  navigation: Record<string, unknown> & {
    navigateAway: boolean;
    navigateFile: boolean;
    navigateInside: boolean;
    redirectAway: boolean;
    frameAway: boolean;
    webview: boolean;
    otherContentsHardened: boolean;
  };
  permissions: Record<string, boolean>;
  network: { urls: string[]; response: unknown };
  ipc: Record<string, Reply>;
  uploadFiles: { bin: string; name: string } | null;
  uploadDirEntries: number;
  menu: string[] | undefined;
  importCommit: Reply;
  progress: Array<[channel: string, event: ProgressEvent]>;
  openPath: Record<'ok' | 'relative' | 'notString' | 'fromWeb' | 'database', Reply>;
  droppedImport: Reply;
  themeSource: string;
  secondInstanceFocused: boolean;
  menuEvents: MenuEvent[];
  undo: { before: number; after: number; box: MessageBox };
  about: MessageBox;
  retrainEvent: MenuEvent;
  save: Record<'ok' | 'traversal' | 'missing' | 'fromWeb' | 'cancelled', Reply> & {
    copied: string | null;
    dialog: { defaultPath: string };
  };
  closePrevented: boolean;
  /** 'full': what quitting did; 'busy-quit': whether the app quit. */
  quit: boolean | { quit: boolean; hostExited: boolean; windowState: boolean };
  afterQuit: Reply;
  undoEnabledWhileBusy: boolean;
  quitAtOnce: boolean;
  importReply: Reply;
  closeBox: MessageBox;
  hostExited: boolean;
}

interface Run {
  report: Report; // the driver's JSON report
  stderr: string;
  appData: string;
  files: string;
}

function runMain(mode: string, opts: { env?: Record<string, string>; args?: string[]; cwd?: string } = {}): Run {
  const appData = fs.mkdtempSync(path.join(harness, `appdata-${mode}-`));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'TILLSIGHT_DB') env[k] = v;
  const files = fs.mkdtempSync(path.join(harness, `files-${mode}-`));
  Object.assign(env, { HARNESS_MODE: mode, HARNESS_APPDATA: appData, HARNESS_FILES: files }, opts.env ?? {});
  const r = spawnSync(process.execPath, [path.join(harness, 'driver.mjs'), ...(opts.args ?? [])], {
    cwd: opts.cwd ?? harness,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@REPORT@@'));
  assert.ok(line, `the harness produced no report (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { report: JSON.parse(line.slice('@@REPORT@@'.length)) as Report, stderr: r.stderr, appData, files };
}

let full: Run;

before(() => {
  assert.ok(fs.existsSync(path.join(dist, 'electron', 'main.js')), 'dist/electron/main.js is missing: run `npm run build:node`');
  harness = makeHarness();
  full = runMain('full', { env: { TILLSIGHT_DB: path.join(harness, 'full', 'shop.db') } });
});

after(() => {
  if (harness) fs.rmSync(harness, { recursive: true, force: true });
});

test('before ready: privileged app:// scheme, sandbox everywhere, data folder set', () => {
  const { beforeReady, afterReady } = full.report;
  assert.deepEqual(beforeReady.schemes, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
  assert.equal(beforeReady.sandbox, true);
  assert.equal(beforeReady.userData, path.join(full.appData, 'Tillsight'));
  assert.equal(beforeReady.windows, 0, 'no window before ready');
  assert.deepEqual(afterReady.lateSetup, [], 'nothing that must precede ready came after it');
  assert.equal(afterReady.schemesAfterReady, false);
  assert.deepEqual(afterReady.ipcChannels, ['tillsight:call', 'tillsight:open-path', 'tillsight:save-download', 'tillsight:upload']);
  assert.deepEqual(afterReady.protocolHandlers, ['app']);
  assert.equal(afterReady.exitCode, null, full.stderr);
});

test('the window: locked-down webPreferences, CommonJS preload, loaded from app://', () => {
  const { window } = full.report;
  assert.equal(window.loadedURL, 'app://tillsight/index.html');
  assert.equal(window.preloadExists, true);
  assert.match(window.options.webPreferences.preload, /preload\.cjs$/);
  const wp = window.options.webPreferences;
  assert.equal(wp.contextIsolation, true);
  assert.equal(wp.nodeIntegration, false);
  assert.equal(wp.sandbox, true);
  assert.equal(wp.webSecurity, true);
  assert.equal(wp.allowRunningInsecureContent, false);
  assert.equal(wp.experimentalFeatures, false);
  assert.equal(wp.webviewTag, false);
  assert.equal(wp.enableBlinkFeatures, undefined);
});

test('app:// serves the renderer with the CSP, and nothing outside it', () => {
  const p = full.report.protocol;
  const ok = p['app://tillsight/index.html'];
  assert.equal(ok.status, 200);
  assert.equal(ok.type, 'text/html; charset=utf-8');
  assert.match(ok.body, /<title>Tillsight<\/title>/);
  assert.match(ok.csp ?? '', /default-src 'none'/);
  assert.match(ok.csp ?? '', /script-src 'self'(;|$)/);
  assert.equal(ok.nosniff, 'nosniff');
  assert.equal(p['app://tillsight/'].status, 200);
  assert.equal(p['app://tillsight/assets/app.js'].type, 'text/javascript; charset=utf-8');
  assert.equal(p['app://tillsight/imports'].status, 200, 'a client-side route gets the app shell');
  assert.match(p['app://tillsight/imports'].body, /<title>Tillsight/);
  assert.equal(p['app://tillsight/missing.js'].status, 404);
  for (const url of [
    'app://tillsight/..%2fsecret.txt',
    'app://tillsight/%2e%2e/secret.txt',
    'app://tillsight/..%2f..%2fpackage.json',
    'app://tillsight/%5c..%5csecret.txt',
    'app://tillsight/index.html%00.js',
  ]) {
    assert.equal(p[url].status, 404, url);
    assert.doesNotMatch(p[url].body, /SECRET|"type": "module"/, url);
    assert.ok(p[url].csp, `${url}: errors carry the CSP too`);
  }
  assert.equal(p['app://other/index.html'].status, 403);
  assert.equal(p.POST.status, 405);
  assert.equal(p.HEAD.status, 200);
  assert.equal(p.HEAD.body, '');
});

test('no new windows, no navigation away from app://, no webviews, in every WebContents', () => {
  const n = full.report.navigation;
  assert.deepEqual(n.windowOpen, { action: 'deny' });
  assert.equal(n.navigateAway, true);
  assert.equal(n.navigateFile, true);
  assert.equal(n.navigateInside, false);
  assert.equal(n.redirectAway, true);
  assert.equal(n.frameAway, true);
  assert.equal(n.webview, true);
  assert.equal(n.otherContentsHardened, true);
});

test('permissions are denied (but copying from the app), and the network is cut off', () => {
  const p = full.report.permissions;
  assert.equal(p.media, false);
  assert.equal(p.geolocation, false);
  assert.equal(p.openExternal, false);
  assert.equal(p.clipboardFromApp, true);
  assert.equal(p.clipboardFromWeb, false);
  assert.equal(p.checkClipboardApp, true);
  assert.equal(p.checkNotifications, false);
  assert.ok(full.report.network.urls.includes('https://*/*'));
  assert.ok(full.report.network.urls.includes('http://*/*'));
  assert.deepEqual(full.report.network.response, { cancel: true });
});

test('IPC: the page reaches the core; bad input and unknown methods get error bodies', () => {
  const ipc = full.report.ipc;
  assert.ok(ipc.status.ok, JSON.stringify(ipc.status));
  assert.equal(ipc.status.ok.dbPath, path.join(harness, 'full', 'shop.db'), 'TILLSIGHT_DB is honoured');
  assert.equal(ipc.badInput.error?.code, 'bad-input');
  assert.match(ipc.badInput.error?.message, /kpis/);
  for (const key of ['unknown', 'notString', 'proto', 'ctor']) assert.equal(ipc[key].error?.code, 'not-found', key);
});

test("IPC: messages not from the app's own top frame are refused", () => {
  const ipc = full.report.ipc;
  for (const key of ['fromWeb', 'fromLookalike', 'fromFile', 'fromSubframe', 'noFrame', 'otherContents', 'uploadFromWeb']) {
    assert.equal(ipc[key].error?.code, 'refused', key);
    assert.equal(ipc[key].ok, undefined, key);
  }
});

test('IPC: uploads are stored by random id; bad arguments are refused', () => {
  const ipc = full.report.ipc;
  assert.match(ipc.upload.uploadId ?? '', /^[0-9a-f]{24}$/);
  assert.match(ipc.uploadTypedArray.uploadId ?? '', /^[0-9a-f]{24}$/);
  assert.equal(full.report.uploadFiles?.bin, 'date,receipt,total\n2024-01-02,1,9.50\n');
  assert.equal(full.report.uploadFiles?.name, 'sales (1).csv');
  assert.equal(ipc.uploadNoName.error?.code, 'bad-input');
  assert.equal(ipc.uploadNoBytes.error?.code, 'bad-input');
  assert.equal(full.report.uploadDirEntries, 4, 'two uploads, two files each; refused ones wrote nothing');
});

test('the core runs in a utility process started after ready, with the database and the data folder', () => {
  const { afterReady } = full.report;
  assert.equal(afterReady.utilities.length, 1, 'one core host');
  const u = afterReady.utilities[0];
  assert.match(u.modulePath, /dist[\\/]electron[\\/]core-host\.js$/);
  assert.deepEqual(u.args, ['--db', path.join(harness, 'full', 'shop.db'), '--data', path.join(full.appData, 'Tillsight')]);
  assert.equal(u.serviceName, 'Tillsight core');
  const main = fs.readFileSync(path.join(root, 'electron', 'main.ts'), 'utf8');
  assert.doesNotMatch(main, /from '\.\.\/core\/(api|store\/db|jobs|analytics|import)/, 'main imports no query code');
});

test("menus: File, Edit, View, Window, Help with the app's own actions", () => {
  const expected =
    process.platform === 'darwin' ? ['Tillsight', '&File', 'editMenu', '&View', 'windowMenu'] : ['&File', 'editMenu', '&View', 'windowMenu', '&Help'];
  assert.deepEqual(full.report.menu, expected);
  const events = full.report.menuEvents as Array<{ action: string; uploads?: Array<{ name: string; uploadId: string }>; errors?: string[] }>;
  assert.deepEqual(
    events.slice(0, 3).map((e) => e.action),
    ['reload', 'theme-dark', 'export-pdf'],
    'page actions reach the page in order',
  );
  assert.equal(full.report.themeSource, 'dark', 'native dialogs follow the theme');
  const imports = events.filter((e) => e.action === 'import-uploads');
  assert.equal(imports.length, 2, 'Import files\u2026 and a second launch each hand the page their files');
  assert.deepEqual(
    imports[0].uploads!.map((u) => u.name),
    ['picked.csv'],
  );
  assert.match(imports[0].uploads![0].uploadId, /^[0-9a-f]{24}$/);
  assert.equal(imports[0].errors!.length, 1, 'a file that vanished is reported, not fatal');
  assert.match(imports[0].errors![0], /gone\.csv/);
  assert.deepEqual(
    imports[1].uploads!.map((u) => u.name),
    ['picked.csv'],
    "the second launch's CSV argument, resolved against its folder",
  );
  assert.equal(full.report.secondInstanceFocused, true);
});

test('menus: Undo last import asks, then undoes through the host; About has the version, data location and credits', () => {
  const { undo, about, retrainEvent } = full.report;
  assert.equal(undo.after, undo.before - 1);
  assert.match(undo.box.message, /Undo the import of \u201cdropped sales\.csv\u201d\?/, 'the newest import');
  assert.match(about.message, /Tillsight 0\.1\.0/);
  assert.ok(about.detail.includes(`Database: ${path.join(harness, 'full', 'shop.db')}`), about.detail);
  assert.match(about.detail, /Online Retail.*CC BY 4\.0/s);
  assert.ok(['retrain', 'data-changed'].includes(retrainEvent.action), 'retrain reaches the page or the train job');
});

test('files: a dropped file is imported from its real path; bad paths and other senders are refused', () => {
  const { openPath, droppedImport } = full.report;
  assert.match(openPath.ok.uploadId ?? '', /^[0-9a-f]{24}$/);
  assert.equal(openPath.ok.fileName, 'dropped sales.csv');
  assert.equal(droppedImport.ok?.rowsImported, 2, JSON.stringify(droppedImport));
  assert.equal(openPath.relative.error?.code, 'bad-input');
  assert.equal(openPath.notString.error?.code, 'bad-input');
  assert.equal(openPath.fromWeb.error?.code, 'refused');
  assert.equal(openPath.database.error?.code, 'refused', "the app's own database is not an import");
});

test('Export PDF: the report is copied where the owner chose; ids only, never paths, from the page', () => {
  const { save } = full.report;
  assert.equal(save.ok.saved, true, JSON.stringify(save.ok));
  assert.equal(save.copied, '%PDF-1.7 report bytes');
  assert.equal(path.basename(save.dialog.defaultPath), 'Year 2011.pdf', 'the suggestion loses its folder part and gets .pdf');
  assert.equal(path.dirname(save.dialog.defaultPath), path.join(full.appData), 'offered in the documents folder');
  assert.equal(save.traversal.error?.code, 'bad-input');
  assert.equal(save.missing.error?.code, 'not-found');
  assert.equal(save.fromWeb.error?.code, 'refused');
  assert.deepEqual(save.cancelled, { saved: false });
});

test('quitting: the window place is saved, the host checkpoints and exits, then the app quits', () => {
  const { quit, closePrevented, afterQuit } = full.report;
  assert.equal(closePrevented, process.platform !== 'darwin', 'the close waits for the host');
  assert.deepEqual(quit, { quit: true, hostExited: true, windowState: true });
  assert.equal(afterQuit.error?.code, 'refused', 'nothing is forwarded once the host is shut down');
  const wal = path.join(harness, 'full', 'shop.db-wal');
  assert.ok(!fs.existsSync(wal) || fs.statSync(wal).size === 0, 'the WAL was checkpointed into the file');
});

test('quitting during an import: asked, the import is stopped and rolled back, then the app quits', () => {
  const dbPath = path.join(harness, 'busy', 'shop.db');
  const r = runMain('busy-quit', { env: { TILLSIGHT_DB: dbPath } });
  assert.equal(r.report.undoEnabledWhileBusy, false, 'the menu greys out undo while an import runs');
  assert.equal(r.report.quitAtOnce, false, 'the first quit waits for the answer');
  assert.match(r.report.closeBox.message, /busy with an import/);
  assert.deepEqual(r.report.closeBox.buttons, ['Finish, then quit', 'Stop it and quit', 'Keep working']);
  assert.equal(r.report.importReply.error?.code, 'cancelled', JSON.stringify(r.report.importReply).slice(0, 300));
  assert.equal(r.report.quit, true);
  assert.equal(r.report.hostExited, true);
  const check = spawnSync(
    process.execPath,
    [
      '-e',
      `const D=require(${JSON.stringify(path.join(root, 'node_modules', 'better-sqlite3'))});const d=new D(${JSON.stringify(dbPath)},{readonly:true});process.stdout.write(String(d.prepare('select count(*) c from sales_lines').get().c))`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(check.stdout, '0', `nothing of the stopped import was kept ${check.stderr}`);
});

test("a CSV on the first launch's command line is offered for import once the page is up", () => {
  const files = fs.mkdtempSync(path.join(harness, 'cli-'));
  fs.writeFileSync(path.join(files, 'till.csv'), 'Date,Receipt,Product,Quantity,Net sales\n2024-01-02,1,Tea,1,3.50\n');
  const r = runMain('argv-file', { args: ['till.csv', '--db', path.join(files, 'shop.db')], cwd: files });
  const events = r.report.menuEvents;
  assert.equal(events.length, 1, r.stderr);
  assert.equal(events[0].action, 'import-uploads');
  assert.deepEqual(
    events[0].uploads!.map((u) => u.name),
    ['till.csv'],
  );
});

test('the database: --db wins, else TILLSIGHT_DB, else <userData>/tillsight.db (--user-data-dir moves userData)', () => {
  const viaArg = path.join(harness, 'argv', 'from-arg.db');
  const a = runMain('argv', { args: ['--db', viaArg], env: { TILLSIGHT_DB: path.join(harness, 'argv', 'from-env.db') } });
  assert.equal(a.report.status.ok?.dbPath, viaArg, a.stderr);
  assert.ok(fs.existsSync(viaArg));

  const viaEq = path.join(harness, 'argv', 'from-eq.db');
  const b = runMain('argv', { args: [`--db=${viaEq}`] });
  assert.equal(b.report.status.ok?.dbPath, viaEq, b.stderr);

  const c = runMain('default');
  const expected = path.join(c.appData, 'Tillsight', 'tillsight.db');
  assert.equal(c.report.status.ok?.dbPath, expected, c.stderr);
  assert.ok(fs.existsSync(expected));

  const userDataDir = path.join(harness, 'custom-user-data');
  const d = runMain('default', { args: [`--user-data-dir=${userDataDir}`] });
  assert.equal(d.report.beforeReady.userData, userDataDir, '--user-data-dir moves the data folder');
  assert.equal(d.report.status.ok?.dbPath, path.join(userDataDir, 'tillsight.db'));
});

test('a second instance quits at once and opens nothing', () => {
  const r = runMain('second', { env: { HARNESS_LOCK: 'taken', TILLSIGHT_DB: path.join(harness, 'second.db') } });
  assert.equal(r.report.beforeReady.quit, true);
  assert.equal(r.report.afterReady.windows, 0);
  assert.deepEqual(r.report.afterReady.protocolHandlers, []);
  assert.deepEqual(r.report.afterReady.ipcChannels, []);
  assert.deepEqual(r.report.afterReady.utilities, [], 'no core host either');
  assert.ok(!fs.existsSync(path.join(harness, 'second.db')), 'the database is left to the first instance');
});

test('a database that cannot be opened: an error box and exit code 1, the window gone', () => {
  const dirAsDb = fs.mkdtempSync(path.join(harness, 'not-a-file-'));
  const r = runMain('bad-db', { env: { TILLSIGHT_DB: dirAsDb } });
  assert.equal(r.report.afterReady.exitCode, 1);
  assert.equal(r.report.afterReady.windows, 0);
  assert.equal(r.report.afterReady.errorBoxes.length, 1);
  assert.match(r.report.afterReady.errorBoxes[0][0], /could not open its database/);
});

test('progress from the core reaches the window on tillsight:progress', () => {
  const { importCommit, progress } = full.report;
  // (Whether the core accepts this little file is the core's business; that it reports progress is checked here.)
  assert.ok(progress.length > 0, `at least one progress event; the import answered ${JSON.stringify(importCommit).slice(0, 300)}`);
  for (const [channel, event] of progress) {
    assert.equal(channel, 'tillsight:progress');
    assert.equal(typeof event.phase, 'string');
    assert.equal(typeof event.done, 'number');
  }
  assert.ok(
    progress.some(([, e]) => e.taskId === 'task-1'),
    "events carry the caller's task id",
  );
});
