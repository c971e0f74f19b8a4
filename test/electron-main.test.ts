// The compiled main process (dist/electron/main.js) run under plain Node against a fake
// 'electron' module (a module-resolution hook swaps it in), since the Electron binary
// cannot be downloaded here. What is real: the main process code, the core it calls, the
// database, the files. What is fake: the Electron objects, which record what main does
// with them and let the test play the page (IPC events) and Chromium (protocol requests).
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
export const state = {
  ready: false, sandbox: false, schemes: [], schemesAfterReady: false, protocolHandlers: new Map(),
  ipcHandlers: new Map(), permissionRequest: null, permissionCheck: null, beforeRequest: null,
  menu: null, errorBoxes: [], quit: false, exitCode: null, lateSetup: [],
};
let resolveReady;
const readyPromise = new Promise((r) => { resolveReady = r; });
class App extends EventEmitter {
  isPackaged = false;
  paths = { appData: process.env.HARNESS_APPDATA };
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
  quit() { state.quit = true; }
  exit(code) { state.exitCode = code; }
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
  loadURL(url) { this.loadedURL = url; this.webContents.url = url; return Promise.resolve(); }
  isDestroyed() { return false; }
  isMinimized() { return false; }
  restore() {}
  focus() {}
  show() {}
}
export const Menu = {
  buildFromTemplate(template) { return { template }; },
  setApplicationMenu(menu) { state.menu = menu; },
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler(h) { state.permissionRequest = h; },
    setPermissionCheckHandler(h) { state.permissionCheck = h; },
    webRequest: { onBeforeRequest(filter, h) { state.beforeRequest = { filter, h }; } },
  },
};
export const dialog = { showErrorBox(title, message) { state.errorBoxes.push([title, message]); } };
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
for (let i = 0; i < 50 && BrowserWindow.getAllWindows().length === 0 && state.exitCode === null && !state.quit; i++) await tick();
await tick();
report.afterReady = {
  windows: BrowserWindow.getAllWindows().length, exitCode: state.exitCode, errorBoxes: state.errorBoxes,
  quit: state.quit, lateSetup: state.lateSetup, schemesAfterReady: state.schemesAfterReady,
  protocolHandlers: [...state.protocolHandlers.keys()], ipcChannels: [...state.ipcHandlers.keys()].sort(),
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
  report.progress = wc.sent;

  app.emit('will-quit');
  report.afterQuit = await call(trusted(), 'status', {});
}
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
  for (const f of fs.readdirSync(path.join(dist, 'electron'))) {
    fs.copyFileSync(path.join(dist, 'electron', f), path.join(hdist, 'electron', f));
  }
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

interface Run {
  report: any; // the driver's JSON report
  stderr: string;
  appData: string;
}

function runMain(mode: string, opts: { env?: Record<string, string>; args?: string[] } = {}): Run {
  const appData = fs.mkdtempSync(path.join(harness, `appdata-${mode}-`));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'TILLSIGHT_DB') env[k] = v;
  Object.assign(env, { HARNESS_MODE: mode, HARNESS_APPDATA: appData }, opts.env ?? {});
  const r = spawnSync(process.execPath, [path.join(harness, 'driver.mjs'), ...(opts.args ?? [])], {
    cwd: harness,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@REPORT@@'));
  assert.ok(line, `the harness produced no report (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { report: JSON.parse(line.slice('@@REPORT@@'.length)), stderr: r.stderr, appData };
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
  assert.deepEqual(beforeReady.schemes, [
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
  assert.equal(beforeReady.sandbox, true);
  assert.equal(beforeReady.userData, path.join(full.appData, 'Tillsight'));
  assert.equal(beforeReady.windows, 0, 'no window before ready');
  assert.deepEqual(afterReady.lateSetup, [], 'nothing that must precede ready came after it');
  assert.equal(afterReady.schemesAfterReady, false);
  assert.deepEqual(afterReady.ipcChannels, ['tillsight:call', 'tillsight:upload']);
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
  assert.match(ok.csp, /default-src 'none'/);
  assert.match(ok.csp, /script-src 'self'(;|$)/);
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
  assert.equal(ipc.badInput.error.code, 'bad-input');
  assert.match(ipc.badInput.error.message, /kpis/);
  for (const key of ['unknown', 'notString', 'proto', 'ctor']) assert.equal(ipc[key].error?.code, 'not-found', key);
});

test('IPC: messages not from the app\'s own top frame are refused', () => {
  const ipc = full.report.ipc;
  for (const key of ['fromWeb', 'fromLookalike', 'fromFile', 'fromSubframe', 'noFrame', 'otherContents', 'uploadFromWeb']) {
    assert.equal(ipc[key].error?.code, 'refused', key);
    assert.equal(ipc[key].ok, undefined, key);
  }
});

test('IPC: uploads are stored by random id; bad arguments are refused', () => {
  const ipc = full.report.ipc;
  assert.match(ipc.upload.uploadId, /^[0-9a-f]{24}$/);
  assert.match(ipc.uploadTypedArray.uploadId, /^[0-9a-f]{24}$/);
  assert.equal(full.report.uploadFiles.bin, 'date,receipt,total\n2024-01-02,1,9.50\n');
  assert.equal(full.report.uploadFiles.name, 'sales (1).csv');
  assert.equal(ipc.uploadNoName.error.code, 'bad-input');
  assert.equal(ipc.uploadNoBytes.error.code, 'bad-input');
  assert.equal(full.report.uploadDirEntries, 4, 'two uploads, two files each; refused ones wrote nothing');
});

test('the menu is minimal, and quitting closes the database', () => {
  assert.deepEqual(full.report.menu.filter((m: string) => m !== 'appMenu'), ['File', 'editMenu', 'View', 'windowMenu']);
  assert.equal(full.report.afterQuit.error?.code, 'internal', 'the connection is closed after will-quit');
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
  assert.ok(!fs.existsSync(path.join(harness, 'second.db')), 'the database is left to the first instance');
});

test('a database that cannot be opened: an error box and exit code 1, no window', () => {
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
  assert.ok(progress.some(([, e]: [string, { taskId: string }]) => e.taskId === 'task-1'), 'events carry the caller\'s task id');
});
