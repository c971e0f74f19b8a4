/**
 * Shared plumbing for the end-to-end tests: the real Online Retail data imported
 * with the real CLI, a real `tillsight serve` child process per test, Debian's
 * Chromium driven by Playwright, screenshots kept under test-results/screenshots/,
 * and an independent computation of the figures straight from the CSV.
 *
 * Compiles to dist/e2e/helpers.js; the project root is found by walking up to the
 * package.json named "tillsight".
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { ROOT } from '../bench/common.js';
import { goodsClassifier, type GoodsTest } from '../test/helpers/online-retail-reference.js';

export { ROOT };
export const CLI = path.join(ROOT, 'bin', 'tillsight.js');
export const CHROMIUM = process.env.TILLSIGHT_CHROMIUM ?? '/usr/bin/chromium';
export const DATA = path.resolve(ROOT, '..', 'shared', 'data', 'online-retail.csv.gz');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
export const ROUTES = ['executive', 'operations', 'inventory', 'customers', 'imports', 'models'] as const;

/** Why the e2e suite cannot run here, or null when it can. Under CI=true a missing prerequisite throws instead: CI installs them all. */
export function skipReason(opts: { needData?: boolean } = {}): string | null {
  const reason = missingPrerequisite(opts);
  if (reason && process.env.CI === 'true') throw new Error(`an end-to-end suite cannot run, and under CI=true it may not skip: ${reason}`);
  return reason;
}

function missingPrerequisite(opts: { needData?: boolean }): string | null {
  if (!fs.existsSync(CHROMIUM))
    return `Chromium not found at ${CHROMIUM}: install it with "apt-get update && apt-get install -y chromium" to run the end-to-end tests`;
  if (!fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) return 'the renderer is not built: run "npm run build:renderer"';
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) return 'the CLI is not built: run "npm run build:node"';
  if (opts.needData !== false && !fs.existsSync(DATA))
    return `the real data is missing (${DATA}): the end-to-end tests need ../shared/data/online-retail.csv.gz`;
  return null;
}

export function tempDir(prefix = 'tillsight-e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let csvPath: string | null = null;

/** The real data decompressed to a temporary file (once per process). */
export function onlineRetailCsv(): string {
  if (csvPath && fs.existsSync(csvPath)) return csvPath;
  const out = path.join(tempDir('tillsight-data-'), 'online-retail.csv');
  fs.writeFileSync(out, zlib.gunzipSync(fs.readFileSync(DATA)));
  csvPath = out;
  return out;
}

function mtime(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * A database holding the real data, imported with `tillsight import`. The
 * imported file is cached in the temp folder, keyed by the data and the built
 * importer, so each test file copies it instead of importing again.
 */
export function realDbCopy(): string {
  const key = createHash('sha256')
    .update(
      [
        DATA,
        mtime(DATA),
        ...['dist/core/import', 'dist/core/store'].flatMap((d) => {
          const dir = path.join(ROOT, d);
          return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => `${f}:${mtime(path.join(dir, f))}`) : [];
        }),
      ].join('|'),
    )
    .digest('hex')
    .slice(0, 16);
  const cacheDir = path.join(os.tmpdir(), 'tillsight-e2e-cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const cached = path.join(cacheDir, `online-retail-${key}.db`);
  if (!fs.existsSync(cached)) {
    const building = `${cached}.${process.pid}.tmp`;
    const r = runCli(['import', onlineRetailCsv(), '--db', building]);
    assert.equal(r.status, 0, `tillsight import failed: ${r.stderr || r.stdout}`);
    // Fold the WAL into the main file so one file copy is the whole database.
    const c = runCli(['status', '--db', building]);
    assert.equal(c.status, 0, c.stderr);
    for (const ext of ['-wal', '-shm']) fs.rmSync(building + ext, { force: true });
    fs.renameSync(building, cached);
  }
  const out = path.join(tempDir(), 'tillsight.db');
  fs.copyFileSync(cached, out);
  return out;
}

export interface Server {
  url: string;
  stop(): Promise<void>;
  output(): string;
}

/** Starts `tillsight serve` on a database and waits for the URL it prints first. */
export async function startServer(dbPath: string): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--db', dbPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tillsight serve printed no URL within 20 s. stdout: ${out} stderr: ${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/?)\s*$/m.exec(out.split('\n')[0] + '\n');
      if (m) {
        clearTimeout(timer);
        resolve(m[1].endsWith('/') ? m[1] : `${m[1]}/`);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tillsight serve exited with ${code}: ${err || out}`));
    });
  });
  return {
    url,
    output: () => out + err,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** What the tests of a suite share: a served database and a browser. */
export interface Stage {
  server: Server;
  browser: Browser;
}

/** Starts a server on the database `dbPath()` gives, and a browser, before a suite's tests; stops both after. */
export function useServerAndBrowser(dbPath: () => string): Stage {
  const stage = {} as Stage;
  before(async () => {
    [stage.server, stage.browser] = await Promise.all([startServer(dbPath()), launchBrowser()]);
  });
  after(async () => {
    await stage.browser?.close();
    await stage.server?.stop();
  });
  return stage;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

export async function openPage(browser: Browser, opts: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1440, height: opts.height ?? 1000 },
    colorScheme: opts.colorScheme ?? 'light',
    locale: 'en-GB',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return { context, page, errors };
}

/** Waits until a route's page is rendered and its data loaded (no skeletons, no reload in flight). */
export async function waitForRoute(page: Page, route: string): Promise<void> {
  await page.waitForSelector(`[data-page="${route}"]`, { timeout: 15_000 });
  await page.waitForFunction(
    () => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('.skeleton, [aria-busy="true"]'),
    undefined,
    { timeout: 15_000 },
  );
}

export async function goto(page: Page, base: string, route: string): Promise<void> {
  await page.goto(`${base}#/${route}`);
  await waitForRoute(page, route);
}

export async function kpiValue(page: Page, name: string): Promise<number | null> {
  const v = await page.getAttribute(`[data-kpi="${name}"]`, 'data-value', { timeout: 10_000 });
  return v === null || v === '' ? null : Number(v);
}

export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? true });
  return file;
}

/** Drops files on the window the way a real drag from the desktop does: dragenter, dragover, drop with a DataTransfer. */
export async function dropFiles(page: Page, files: Array<{ name: string; content: string; type?: string }>): Promise<void> {
  await page.evaluate((fs) => {
    // Runs in the page; the root tsconfig has no DOM types, so the globals are typed here.
    const w = globalThis as unknown as {
      DataTransfer: new () => { items: { add(f: unknown): void } };
      File: new (parts: string[], name: string, opts: { type: string }) => unknown;
      DragEvent: new (type: string, init: { bubbles: boolean; cancelable: boolean; dataTransfer: unknown }) => unknown;
      document: { body: { dispatchEvent(e: unknown): boolean } };
    };
    const dt = new w.DataTransfer();
    for (const f of fs) dt.items.add(new w.File([f.content], f.name, { type: f.type ?? 'text/csv' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      w.document.body.dispatchEvent(new w.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  }, files);
}

export function assertClose(actual: number | null, expected: number, what: string, tolerance = 0.011): void {
  assert.ok(actual !== null, `${what}: the tile shows no value`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: the dashboard shows ${actual}, the CSV gives ${expected}`);
}

// ---- the independent computation, straight from the CSV ----------------------

export interface RetailRow {
  invoice: string;
  code: string;
  description: string;
  quantity: number;
  date: string;
  price: number;
  customer: string | null;
  country: string;
}

/** Parses the UCI Online Retail CSV (Latin-1, CRLF, quoted descriptions, month-first dates). */
export function parseOnlineRetail(buf: Buffer): RetailRow[] {
  const text = buf.toString('latin1');
  const rows: RetailRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const f: string[] = [];
    let cur = '';
    let q = false;
    for (let j = 0; j < line.length; j++) {
      const c = line[j];
      if (q) {
        if (c === '"') {
          if (line[j + 1] === '"') {
            cur += '"';
            j++;
          } else q = false;
        } else cur += c;
      } else if (c === '"') q = true;
      else if (c === ',') {
        f.push(cur);
        cur = '';
      } else cur += c;
    }
    f.push(cur);
    const [invoice, code, description, qty, when, price, customer, country] = f as [string, string, string, string, string, string, string, string];
    const [d] = when.split(' ');
    const [m, day, y] = d.split('/');
    rows.push({
      invoice,
      code,
      description,
      quantity: Number(qty),
      date: `${y}-${m.padStart(2, '0')}-${day.padStart(2, '0')}`,
      price: Number(price),
      customer: customer ? String(Math.round(Number(customer))) : null,
      country,
    });
  }
  return rows;
}

export interface ExpectedKpis {
  netSales: number;
  orders: number;
  customers: number;
  units: number;
  returns: number;
  avgOrderValue: number;
}

/**
 * The headline figures of a period by the contract (test/import-layouts.test.ts,
 * test/real-data.test.ts): net sales = Σ quantity × unit price of every product
 * line (cancellations negative; postage, fees and adjustments apart, as the POS
 * vendors count them; which lines are goods: test/helpers/online-retail-reference.ts); orders = distinct invoices, not
 * cancellations, with a product line sold (positive quantity and amount);
 * customers = distinct customer ids; units = Σ quantity of product lines;
 * returns = −Σ amounts of cancelled product lines.
 */
export function expectedKpis(rows: RetailRow[], from: string, to: string): ExpectedKpis {
  const isGoods = classifierOf(rows);
  let net = 0;
  let units = 0;
  let returns = 0;
  const orders = new Set<string>();
  const customers = new Set<string>();
  for (const r of rows) {
    if (r.date < from || r.date > to) continue;
    const amount = Math.round(r.quantity * r.price * 100) / 100;
    const isProduct = isGoods(r.code, r.description);
    if (isProduct) {
      net += amount;
      units += r.quantity;
    }
    const cancel = r.invoice.toUpperCase().startsWith('C');
    if (cancel && isProduct) returns -= amount;
    else if (isProduct && r.quantity >= 0 && amount >= 0) orders.add(r.invoice);
    if (r.customer) customers.add(r.customer);
  }
  return {
    netSales: Math.round(net * 100) / 100,
    orders: orders.size,
    customers: customers.size,
    units,
    returns: Math.round(returns * 100) / 100,
    avgOrderValue: orders.size ? Math.round((net / orders.size) * 100) / 100 : 0,
  };
}

// Postage, fees and adjustments are not products: the reference reading of the real data's codes
// and descriptions (test/helpers/online-retail-reference.ts), shared with the integration tests.
const classifiers = new WeakMap<RetailRow[], GoodsTest>();
function classifierOf(rows: RetailRow[]): GoodsTest {
  let c = classifiers.get(rows);
  if (!c) classifiers.set(rows, (c = goodsClassifier(rows)));
  return c;
}

let rowsCache: RetailRow[] | null = null;
export function retailRows(): RetailRow[] {
  rowsCache ??= parseOnlineRetail(zlib.gunzipSync(fs.readFileSync(DATA)));
  return rowsCache;
}
