/**
 * Dashboard speed: every dashboard API method on a database, and the time from
 * opening the app in Chromium to the first dashboard on screen, against a real
 * `tillsight serve`.
 *
 *   node dist/bench/dashboards.js --db PATH [--runs 5] [--no-browser] [--json]
 *   node dist/bench/dashboards.js --synth 5000000 --db PATH   (writes a synthetic
 *        shop's export in the Online Retail layout, imports it with `tillsight
 *        import`, then measures)
 *   node dist/bench/dashboards.js --real --db PATH             (imports the real
 *        Online Retail data first, when ../shared/data has it)
 *
 * Targets: every API view within 200 ms at 5 million lines; the first dashboard
 * visible within 1.5 s of opening on the real data.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { forgetResults, monthTotals, setDashboardCache } from '../core/analytics/cache.js';
import { addMonths, dataRange } from '../core/analytics/periods.js';
import { callApi, type ApiContext } from '../core/api/index.js';
import { openDb } from '../core/store/db.js';
import { DASHBOARD_VIEWS, ROOT, median, realDataCsv } from './common.js';
import { mulberry32 } from '../core/models/random.js';

const CLI = path.join(ROOT, 'bin', 'tillsight.js');
const CHROMIUM = process.env.TILLSIGHT_CHROMIUM ?? '/usr/bin/chromium';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    runs: { type: 'string', default: '5' },
    synth: { type: 'string' },
    real: { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    seed: { type: 'string', default: '7' },
  },
});

/** Deterministic PRNG: the models' own (mulberry32). */
const rng = mulberry32;

/**
 * A gift shop three years long in the Online Retail layout: 5,000 products with
 * Zipf-like popularity, 12,000 customers (a quarter of orders anonymous), about
 * 20 lines an order, open Monday to Saturday, busier before Christmas, 2% of
 * orders cancelled.
 */
function writeSynthetic(file: string, lines: number, seed: number): void {
  const rand = rng(seed);
  const products = 5000;
  const cdf: number[] = [];
  let acc = 0;
  for (let i = 1; i <= products; i++) cdf.push((acc += 1 / Math.pow(i, 1.05)));
  const pick = () => {
    const x = rand() * acc;
    let lo = 0;
    let hi = products - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const price = Array.from({ length: products }, () => Math.round(Math.exp(Math.log(0.4) + rand() * Math.log(60)) * 100) / 100);
  const start = Date.UTC(2021, 0, 4);
  const days: number[] = [];
  for (let d = 0; d < 3 * 364; d++) if (new Date(start + d * 86_400_000).getUTCDay() !== 0) days.push(start + d * 86_400_000);
  const weight = days.map((t) => {
    const m = new Date(t).getUTCMonth();
    return m >= 9 ? 1.5 : m === 0 ? 0.7 : 1;
  });
  const wsum = weight.reduce((a, b) => a + b, 0);
  const fd = fs.openSync(file, 'w');
  let buf = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\r\n';
  let written = 0;
  let invoice = 600000;
  for (let di = 0; di < days.length && written < lines; di++) {
    const dt = new Date(days[di]);
    const dateStr = `${dt.getUTCMonth() + 1}/${dt.getUTCDate()}/${dt.getUTCFullYear()}`;
    let today = Math.round((lines * weight[di]) / wsum);
    while (today > 0 && written < lines) {
      const n = Math.min(today, 1 + Math.floor(rand() * 39));
      const cancel = rand() < 0.02;
      const inv = cancel ? `C${invoice++}` : String(invoice++);
      const cust = rand() < 0.25 ? '' : `${10000 + Math.floor(Math.pow(rand(), 1.6) * 12000)}.0`;
      const time = `${8 + Math.floor(rand() * 10)}:${String(Math.floor(rand() * 60)).padStart(2, '0')}`;
      const country = rand() < 0.85 ? 'United Kingdom' : rand() < 0.5 ? 'France' : 'Germany';
      for (let i = 0; i < n; i++) {
        const p = pick();
        const q = (1 + Math.floor(rand() * 12)) * (cancel ? -1 : 1);
        buf += `${inv},P${String(p).padStart(5, '0')},PRODUCT ${p},${q},${dateStr} ${time},${price[p]},${cust},${country}\r\n`;
      }
      written += n;
      today -= n;
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

function importInto(db: string, file: string): void {
  const t = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'import', file, '--db', db], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`tillsight import failed (${r.status})`);
  log(`imported ${path.basename(file)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

function log(s: string): void {
  if (!values.json) process.stdout.write(`${s}\n`);
}

async function benchApi(dbPath: string, runs: number) {
  const db = openDb(dbPath);
  const lines = (db.prepare('SELECT count(*) AS n FROM sales_lines').get() as { n: number }).n;
  const gold = Object.fromEntries(
    ['daily_summary', 'daily_product', 'daily_customer', 'hourly_summary'].map((t) => [
      t,
      (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
    ]),
  );
  const ctx: ApiContext = { db, dbPath, uploadDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-bench-')), emitProgress: () => {} };
  // The roll-ups the server's warm-up computes in the background after the first call (last 24 months).
  const last = dataRange(db)?.last;
  const tw = performance.now();
  if (last) for (let k = 1; k <= 24; k++) monthTotals(db, addMonths(`${last.slice(0, 7)}-01`, -k).slice(0, 7));
  const warmUpMs = performance.now() - tw;
  const results: Array<{ method: string; variant: string; firstMs: number; medianMs: number; maxMs: number; warmMs: number; cachedMs: number }> = [];
  for (const [method, input, variant] of DASHBOARD_VIEWS) {
    // The queries themselves: the in-memory memo off, every run computes.
    setDashboardCache(false);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await callApi(ctx, method, input);
      times.push(performance.now() - t);
    }
    // A view not asked before, once the background warm-up has built the monthly roll-ups.
    setDashboardCache(true);
    forgetResults(db);
    let t = performance.now();
    await callApi(ctx, method, input);
    const warmMs = performance.now() - t;
    // What the app sees when the view is asked again on unchanged data.
    t = performance.now();
    await callApi(ctx, method, input);
    const cachedMs = performance.now() - t;
    results.push({ method, variant, firstMs: times[0], medianMs: median(times), maxMs: Math.max(...times), warmMs, cachedMs });
  }
  db.close();
  return { lines, gold, warmUpMs, results };
}

async function benchBrowser(dbPath: string, runs: number) {
  if (!fs.existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM}` } as const;
  const { chromium } = await import('playwright');
  const child = spawn(process.execPath, [CLI, 'serve', '--db', dbPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('serve printed no URL')), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const first = out.split('\n')[0];
      if (out.includes('\n') && /^http:\/\//.test(first)) {
        clearTimeout(timer);
        resolve(first.trim());
      }
    });
    child.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  const browser = await chromium.launch({
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
  const times: Array<{ kpisMs: number; chartsMs: number }> = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${url}#/executive`);
      await page.waitForSelector('[data-kpi="netSales"][data-value]:not([data-value=""])', { timeout: 30_000 });
      const kpisMs = performance.now() - t0;
      await page.waitForSelector('.chart canvas', { timeout: 30_000 });
      const chartsMs = performance.now() - t0;
      times.push({ kpisMs, chartsMs });
      await context.close();
    }
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
  return {
    url,
    runs: times,
    firstKpisMs: times[0].kpisMs,
    medianKpisMs: median(times.map((t) => t.kpisMs)),
    medianChartsMs: median(times.map((t) => t.chartsMs)),
  };
}

async function main(): Promise<void> {
  const runs = Math.max(1, Number(values.runs) || 5);
  let dbPath = values.db;
  if (!dbPath) {
    process.stderr.write('usage: node dist/bench/dashboards.js --db PATH [--synth LINES | --real] [--runs N] [--no-browser] [--json]\n');
    process.exit(2);
  }
  dbPath = path.resolve(dbPath);
  if (values.synth) {
    const n = Number(values.synth);
    const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-synth-')), `synthetic-${n}.csv`);
    const t = performance.now();
    writeSynthetic(csv, n, Number(values.seed));
    log(`wrote ${n.toLocaleString('en')} synthetic lines in ${((performance.now() - t) / 1000).toFixed(1)} s (${(fs.statSync(csv).size / 1e6).toFixed(0)} MB)`);
    importInto(dbPath, csv);
    fs.rmSync(path.dirname(csv), { recursive: true, force: true });
  } else if (values.real) {
    const csv = realDataCsv();
    if (!csv) throw new Error('the real data is not in ../shared/data');
    importInto(dbPath, csv);
  }
  if (!fs.existsSync(dbPath)) throw new Error(`no database at ${dbPath}`);

  const api = await benchApi(dbPath, runs);
  log(
    `\n${api.lines.toLocaleString('en')} sales lines; gold rows: ${Object.entries(api.gold)
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(', ')}`,
  );
  log(`background warm-up of 24 monthly product roll-ups: ${api.warmUpMs.toFixed(0)} ms`);
  log(`\ncold = computed from the summaries with no memo; warm = first ask after the warm-up's roll-ups; hit = asked again`);
  log(`${'API view'.padEnd(36)} ${'cold 1st'.padStart(9)} ${'cold med'.padStart(9)} ${'cold max'.padStart(9)} ${'warm'.padStart(9)} ${'hit'.padStart(8)}`);
  const ms = (v: number, w = 7) => `${v.toFixed(1).padStart(w)}ms`;
  for (const r of api.results) {
    const flag = r.warmMs > 200 ? '  warm over 200 ms' : r.medianMs > 200 ? '  (cold over 200 ms)' : '';
    log(
      `${`${r.method}${r.variant ? ` (${r.variant})` : ''}`.padEnd(36)} ${ms(r.firstMs)} ${ms(r.medianMs)} ${ms(r.maxMs)} ${ms(r.warmMs)} ${ms(r.cachedMs, 6)}${flag}`,
    );
  }
  const browser = values['no-browser'] ? { skipped: '--no-browser' } : await benchBrowser(dbPath, Math.min(runs, 5));
  if ('skipped' in browser) log(`\ntime to first dashboard: skipped (${browser.skipped})`);
  else
    log(
      `\ntime to first dashboard (navigation → KPI tiles with figures): first ${browser.firstKpisMs.toFixed(0)} ms, median ${browser.medianKpisMs.toFixed(0)} ms; charts drawn: median ${browser.medianChartsMs.toFixed(0)} ms (${browser.runs.length} runs)`,
    );
  if (values.json) process.stdout.write(`${JSON.stringify({ db: dbPath, ...api, browser }, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
