// The real desktop app, driven by Playwright's `_electron.launch`, with a fresh database and
// data folder per test: the window and its bridge, first run with the sample shop, a file
// dropped on the window imported from its real path, a PDF exported through the native save
// dialog, the menu. (The same flows run against `tillsight serve` in Chromium in
// e2e/first-run.test.ts, e2e/import.test.ts and the reports' e2e.) It needs the Electron binary, which a normal `npm install` with
// internet downloads; without it (ELECTRON_SKIP_BINARY_DOWNLOAD=1, as on the CI machines)
// every test here is skipped with the reason. On Linux it also needs a display (run
// `xvfb-run npm test` on a headless machine). TILLSIGHT_SKIP_ELECTRON_E2E=1 skips it too.
//
// It launches the development binary from node_modules/electron, which has no fuses
// flipped; see build/electron-builder.e2e.yml for a packaged build Playwright can drive.
//
// The last test runs wherever Debian's Chromium is installed (here too): the built renderer
// under the shell's Content-Security-Policy, talking to the real core through the real
// compiled preload (dist/electron/preload.cjs) and the same { ok } | { error } envelope the
// main process sends, so a renderer change that the desktop CSP or bridge would break
// fails here even without Electron.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Electron binary, found without `require('electron')` (which would try to download it). */
function electronBinary(): string | null {
  const require = createRequire(path.join(root, 'package.json'));
  try {
    const pkgDir = path.dirname(require.resolve('electron/package.json'));
    const pathTxt = path.join(pkgDir, 'path.txt');
    if (!fs.existsSync(pathTxt)) return null;
    const binary = path.join(pkgDir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function skipReason(): string | null {
  if (process.env.TILLSIGHT_SKIP_ELECTRON_E2E) return 'TILLSIGHT_SKIP_ELECTRON_E2E is set';
  if (!electronBinary()) {
    return 'the Electron binary is not installed (node_modules/electron has no dist/; it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or its download failed). Run `node node_modules/electron/install.js` with internet access to enable these tests.';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display: run the tests under `xvfb-run` to include the Electron app';
  }
  if (!fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) return 'the renderer is not built (npm run build)';
  return null;
}

/** Everything window.tillsight has on the desktop (electron/preload.ts). */
const DESKTOP_SURFACE = ['call', 'importFile', 'onMenu', 'onProgress', 'saveDownload', 'upload'];

const reason = skipReason();
if (reason) process.stdout.write(`Electron end-to-end tests skipped: ${reason}\n`);

// The page's globals these tests touch (the Node tsconfig has no DOM lib), cast to in the
// `globalThis as unknown as Page` style of the other e2e files. Only the type is named inside
// page.evaluate: it is erased, so nothing outside the page function is needed in the page.
interface Status {
  dbPath: string;
  lines: number;
  hasSampleData: boolean;
  batches: Array<{ file: string }>;
}
interface DesktopBridge {
  call(method: string, input: unknown): Promise<unknown>;
  upload(name: string, bytes: ArrayBuffer): Promise<{ uploadId: string }>;
  saveDownload(id: string, name: string): Promise<unknown>;
}
interface PageElement {
  type: string;
  id: string;
  hidden: boolean;
  files: Iterable<unknown>;
  childElementCount: number;
  remove(): void;
  append(child: PageElement): void;
}
interface Page {
  tillsight: DesktopBridge;
  require?: unknown;
  process?: unknown;
  ipcRenderer?: unknown;
  open(url: string): unknown;
  location: { href: string };
  document: {
    body: PageElement;
    documentElement: { dataset: { theme?: string } };
    createElement(tag: string): PageElement;
    getElementById(id: string): PageElement | null;
    querySelectorAll(selector: string): { length: number };
    addEventListener(type: string, fn: (e: { violatedDirective: string; blockedURI: string }) => void): void;
  };
  DataTransfer: new () => { items: { add(file: unknown): void } };
  DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => unknown;
  dispatchEvent(event: unknown): boolean;
  __emitIpc(channel: string, payload: unknown): void;
  __tillsightMain(channel: string, ...args: unknown[]): Promise<unknown>;
}
/** What the shell's dist/electron/safe-path.js exports that the Chromium test uses (electron/ is another tsconfig). */
interface SafePath {
  CONTENT_SECURITY_POLICY: string;
  mimeType: (file: string) => string;
  resolveInsideRoot: (root: string, encodedPathname: string) => string | null;
}

interface NativeAbi {
  ensureElectronAbi(binary: string): string;
  ensureNodeAbi(): string;
}
let abi: NativeAbi | null = null;

before(async () => {
  if (reason) return;
  abi = (await import(pathToFileURL(path.join(root, 'scripts', 'native-abi.js')).href)) as NativeAbi;
  abi.ensureElectronAbi(electronBinary()!);
});

after(() => {
  // The unit tests that follow run under plain Node.
  abi?.ensureNodeAbi();
});

async function launch() {
  const { _electron } = await import('playwright');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-electron-e2e-'));
  const dbPath = path.join(dir, 'shop.db');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.TILLSIGHT_DB = dbPath;
  delete env.ELECTRON_RUN_AS_NODE;
  const app = await _electron.launch({
    args: [root, `--user-data-dir=${path.join(dir, 'user-data')}`],
    env,
    timeout: 60_000,
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  const close = async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { app, page, dbPath, dir, close };
}

test('the window loads the app from app:// with only window.tillsight exposed', { skip: reason ?? false }, async () => {
  const { app, page, dbPath, close } = await launch();
  try {
    assert.equal(page.url(), 'app://tillsight/index.html');
    const surface = await page.evaluate(() => ({
      keys: Object.keys((globalThis as unknown as Page).tillsight ?? {}).sort(),
      require: typeof (globalThis as unknown as Page).require,
      process: typeof (globalThis as unknown as Page).process,
      ipc: typeof (globalThis as unknown as Page).ipcRenderer,
    }));
    assert.deepEqual(surface, { keys: DESKTOP_SURFACE, require: 'undefined', process: 'undefined', ipc: 'undefined' });

    const status = await page.evaluate(() => (globalThis as unknown as Page).tillsight.call('status', {}) as Promise<Status>);
    assert.equal(status.dbPath, dbPath, 'a fresh database per test');
    assert.equal(status.lines, 0);

    const failure = await page.evaluate(() =>
      (globalThis as unknown as Page).tillsight.call('kpis', { from: 'yesterday' }).then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
    );
    assert.equal((JSON.parse(failure) as { error: { code: string } }).error.code, 'bad-input');

    assert.equal(await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData').endsWith('user-data')), true, 'a fresh data folder per test');

    const csp = await page.evaluate(async () => (await fetch('app://tillsight/index.html')).headers.get('content-security-policy'));
    assert.match(csp ?? '', /script-src 'self'/);
  } finally {
    await close();
  }
});

test('new windows and navigation away are refused', { skip: reason ?? false }, async () => {
  const { app, page, close } = await launch();
  try {
    assert.equal(await page.evaluate(() => (globalThis as unknown as Page).open('https://example.com/') === null), true);
    await page.evaluate(() => {
      (globalThis as unknown as Page).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    assert.equal(page.url(), 'app://tillsight/index.html');
    assert.equal(app.windows().length, 1);
  } finally {
    await close();
  }
});

test('an upload through the bridge reaches the core', { skip: reason ?? false }, async () => {
  const { page, close } = await launch();
  try {
    const uploadId = await page.evaluate(async () => {
      const bytes = new TextEncoder().encode('date,receipt,product,quantity,net\n2024-01-02,1,Tea,1,3.50\n');
      const r = await (globalThis as unknown as Page).tillsight.upload('tiny.csv', bytes.buffer);
      return r.uploadId;
    });
    assert.match(uploadId, /^[0-9a-f]{24}$/);
  } finally {
    await close();
  }
});

test('first run: the sample shop loads in the core host and the dashboards show it', { skip: reason ?? false, timeout: 240_000 }, async () => {
  const { page, close } = await launch();
  try {
    await page.waitForSelector('[data-welcome]', { timeout: 30_000 });
    await page.click('[data-action="sample-load"]');
    await page.waitForSelector('[role="progressbar"]', { timeout: 10_000 });
    await page.waitForSelector('[data-sample-badge]', { timeout: 180_000 });
    const status = await page.evaluate(() => (globalThis as unknown as Page).tillsight.call('status', {}) as Promise<Status>);
    assert.equal(status.hasSampleData, true);
    assert.ok(status.lines > 1000, `the sample shop has ${status.lines} lines`);
    await page.waitForSelector('canvas, svg', { timeout: 30_000 });
  } finally {
    await close();
  }
});

test('a CSV dropped on the window is imported from its real path (no bytes through the page)', { skip: reason ?? false, timeout: 120_000 }, async () => {
  const { page, dir, close } = await launch();
  try {
    const csv = path.join(dir, 'till export.csv');
    fs.writeFileSync(csv, 'Date,Receipt,Product,Quantity,Net sales\n2024-03-01,1,Tea,2,7.00\n2024-03-02,2,Cake,1,4.50\n');
    await page.waitForSelector('[data-welcome]', { timeout: 30_000 });
    // A real file from disk, as a drag from the file manager delivers it: Playwright puts it on a scratch
    // file input (never the app's), and the page's drop handler gets it in a DataTransfer.
    await page.evaluate(() => {
      const w = globalThis as unknown as Page;
      const input = w.document.createElement('input');
      input.type = 'file';
      input.id = 'e2e-drag-source';
      input.hidden = true;
      w.document.body.append(input);
    });
    await page.setInputFiles('#e2e-drag-source', csv);
    await page.evaluate(() => {
      const w = globalThis as unknown as Page;
      const input = w.document.getElementById('e2e-drag-source')!;
      const dt = new w.DataTransfer();
      for (const f of input.files) dt.items.add(f);
      input.remove();
      w.dispatchEvent(new w.DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      w.dispatchEvent(new w.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForSelector('[data-import-dialog][data-stage="preview"]', { timeout: 20_000 });
    const uploads = path.join(dir, 'user-data', 'uploads');
    const links = fs
      .readdirSync(uploads)
      .filter((f) => f.endsWith('.bin'))
      .map((f) => path.join(uploads, f))
      .filter((f) => fs.lstatSync(f).isSymbolicLink());
    assert.ok(
      links.some((l) => fs.realpathSync(l) === fs.realpathSync(csv)),
      'the upload is a link to the dropped file, not a copy of its bytes',
    );
    await page.click('[data-action="import-commit"]');
    await page.waitForSelector('[data-import-dialog][data-stage="done"]', { timeout: 30_000 });
    const status = await page.evaluate(() => (globalThis as unknown as Page).tillsight.call('status', {}) as Promise<Status>);
    assert.equal(status.lines, 2);
    assert.equal(status.batches[0].file, 'till export.csv');
  } finally {
    await close();
  }
});

test('Export PDF: the host writes the report, main saves it where the native dialog says', { skip: reason ?? false, timeout: 180_000 }, async (t) => {
  const { app, page, dir, close } = await launch();
  try {
    const methods = await page.evaluate(() =>
      (globalThis as unknown as Page).tillsight.call('reportExport', {}).then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    );
    if (/not-found/.test(methods) && /Unknown API method/.test(methods)) {
      t.skip('this build has no reportExport method yet (the PDF reports are built on another branch)');
      return;
    }
    await page.evaluate(() => (globalThis as unknown as Page).tillsight.call('sampleLoad', {}));
    const exported = await page.evaluate(
      () => (globalThis as unknown as Page).tillsight.call('reportExport', {}) as Promise<{ downloadId: string; fileName: string }>,
    );
    assert.match(exported.downloadId, /^[A-Za-z0-9_-]{6,64}$/);
    const dest = path.join(dir, 'Accountant', 'report.pdf');
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    // The owner's answer to the native save dialog, given in the main process.
    await app.evaluate(({ dialog }, target) => {
      (dialog as unknown as { showSaveDialog: () => Promise<{ canceled: boolean; filePath: string }> }).showSaveDialog = async () => ({
        canceled: false,
        filePath: target,
      });
    }, dest);
    const saved = await page.evaluate(({ id, name }) => (globalThis as unknown as Page).tillsight.saveDownload(id, name), {
      id: exported.downloadId,
      name: exported.fileName,
    });
    assert.deepEqual(saved, { saved: true, path: dest });
    assert.equal(fs.readFileSync(dest).subarray(0, 5).toString('latin1'), '%PDF-');
    // The menu has the action with its shortcut.
    const item = await app.evaluate(({ Menu }) => {
      const i = Menu.getApplicationMenu()?.getMenuItemById('export-pdf');
      return i ? { label: i.label, accelerator: i.accelerator ?? null } : null;
    });
    assert.deepEqual(item, { label: 'Export PDF\u2026', accelerator: 'CmdOrCtrl+P' });
  } finally {
    await close();
  }
});

// ---------------------------------------------------------------------------
// The renderer under the desktop shell's CSP and bridge, in Chromium.

const CHROMIUM = process.env.TILLSIGHT_CHROMIUM ?? '/usr/bin/chromium';

function chromiumSkipReason(): string | null {
  if (!fs.existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  for (const f of ['dist/renderer/index.html', 'dist/electron/preload.cjs', 'dist/electron/safe-path.js', 'dist/core/api/index.js']) {
    if (!fs.existsSync(path.join(root, f))) return `${f} is not built (npm run build)`;
  }
  return null;
}

test(
  'the built renderer runs under the desktop CSP through the real preload, without violations',
  { skip: chromiumSkipReason() ?? false, timeout: 180_000 },
  async () => {
    const http = await import('node:http');
    const { chromium } = await import('playwright');
    const distUrl = (rel: string) => pathToFileURL(path.join(root, 'dist', rel)).href;
    const { CONTENT_SECURITY_POLICY, mimeType, resolveInsideRoot } = (await import(distUrl('electron/safe-path.js'))) as SafePath;
    const { callApi, toErrorBody } = (await import(distUrl('core/api/index.js'))) as typeof import('../core/api/index.js');
    const { openDb } = (await import(distUrl('core/store/db.js'))) as typeof import('../core/store/db.js');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-shell-csp-'));
    const dbPath = path.join(dir, 'shop.db');
    const ctx = { db: openDb(dbPath), dbPath, uploadDir: path.join(dir, 'uploads'), emitProgress: () => {} };
    const rendererRoot = path.join(root, 'dist', 'renderer');
    // What main.ts's app:// handler sends: files of dist/renderer with the CSP header.
    const server = http.createServer((req, res) => {
      const file = resolveInsideRoot(rendererRoot, new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404, { 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': mimeType(file), 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' });
      res.end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const problems: string[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('console', (m) => {
        if (/CSP-VIOLATION|Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      // The main process's side of tillsight:call, with the same envelope.
      await page.exposeFunction('__tillsightMain', async (channel: string, method: string, input: unknown) => {
        if (channel !== 'tillsight:call') return { error: { code: 'refused', message: `${channel} is not available in this test` } };
        try {
          return { ok: await callApi(ctx, method, input) };
        } catch (e) {
          return toErrorBody(e);
        }
      });
      // The compiled preload, run as a sandboxed preload would: with a `require` that knows only 'electron'.
      const preloadSource = fs.readFileSync(path.join(root, 'dist', 'electron', 'preload.cjs'), 'utf8');
      await page.addInitScript(
        ({ source }: { source: string }) => {
          const w = globalThis as unknown as Page & Record<string, unknown>;
          w.document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP-VIOLATION ${e.violatedDirective} ${e.blockedURI}`));
          // Listeners by channel, so the test can play main sending tillsight:menu / tillsight:progress.
          const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
          w.__emitIpc = (channel: string, payload: unknown) => {
            for (const fn of listeners.get(channel) ?? []) fn({}, payload);
          };
          const electron = {
            contextBridge: {
              exposeInMainWorld: (key: string, api: unknown) => {
                w[key] = api;
              },
            },
            ipcRenderer: {
              invoke: (channel: string, ...args: unknown[]) => w.__tillsightMain(channel, ...args),
              on: (c: string, fn: (event: unknown, payload: unknown) => void) => {
                if (!listeners.has(c)) listeners.set(c, new Set());
                listeners.get(c)!.add(fn);
              },
              removeListener: (c: string, fn: (event: unknown, payload: unknown) => void) => listeners.get(c)?.delete(fn),
            },
          };
          const module = { exports: {} };
          // eslint-disable-next-line @typescript-eslint/no-implied-eval -- test scaffolding: the preload's CommonJS source, run in an init script (exempt from the page's CSP)
          (new Function('require', 'process', 'exports', 'module', source) as (...args: unknown[]) => void)(
            (name: string) => {
              if (name === 'electron') return electron;
              throw new Error(`module not found: ${name}`);
            },
            {},
            module.exports,
            module,
          );
        },
        { source: preloadSource },
      );

      await page.goto(`http://127.0.0.1:${port}/index.html`);
      await page.waitForFunction(() => ((globalThis as unknown as Page).document.getElementById('root')?.childElementCount ?? 0) > 0, null, {
        timeout: 30_000,
      });
      assert.deepEqual(await page.evaluate(() => Object.keys((globalThis as unknown as Page).tillsight).sort()), DESKTOP_SURFACE);

      // With a shop's data the dashboards draw their charts.
      await callApi(ctx, 'sampleLoad', {});
      await page.reload();
      await page.waitForSelector('canvas, svg', { timeout: 30_000 });
      await page.waitForTimeout(1500);
      const drawn = await page.evaluate(() => (globalThis as unknown as Page).document.querySelectorAll('canvas, svg').length);
      assert.ok(drawn > 0, 'charts were drawn');

      // The desktop menu, as main sends it: View > Theme > Dark, then a CSV the OS handed the app
      // (main has registered it with the host and passes only its upload id): the page opens the preview.
      await page.evaluate(() => (globalThis as unknown as Page).__emitIpc('tillsight:menu', { action: 'theme-dark' }));
      await page.waitForFunction(() => (globalThis as unknown as Page).document.documentElement.dataset.theme === 'dark', null, { timeout: 5_000 });
      const { saveUpload } = (await import(distUrl('core/api/uploads.js'))) as typeof import('../core/api/uploads.js');
      const { uploadId } = saveUpload(
        ctx.uploadDir,
        'from the OS.csv',
        new TextEncoder().encode('Date,Receipt,Product,Quantity,Net sales\n2024-05-01,77,Tea,1,3.50\n'),
      );
      await page.evaluate(
        (id) =>
          (globalThis as unknown as Page).__emitIpc('tillsight:menu', {
            action: 'import-uploads',
            uploads: [{ uploadId: id, name: 'from the OS.csv', size: 60 }],
            errors: [],
          }),
        uploadId,
      );
      await page.waitForSelector('[data-import-dialog][data-stage="preview"]', { timeout: 20_000 });
      assert.match((await page.textContent('[data-import-dialog] .modal-file')) ?? '', /from the OS\.csv/);
      await page.evaluate(() => (globalThis as unknown as Page).__emitIpc('tillsight:menu', { action: 'no-such-action' }));
      assert.deepEqual(problems, [], 'no CSP violations or page errors');
    } finally {
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ctx.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
